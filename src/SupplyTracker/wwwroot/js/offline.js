// The station app without signal (loaded on every page a station user sees; words and the user come from
// Pages/Shared/_Offline.cshtml).
// - Registers the service worker (/service-worker.js) and asks it to keep this page, its files, the station's forms
//   and its requests' details for reading offline; a page served from that copy says when it was fetched.
// - A consumption report, a new request or a delivery confirmation submitted while offline is queued on this device
//   (IndexedDB, per user) with a fresh Idempotency-Key, and posted to the same page handler when the connection is
//   back, with a fresh antiforgery token in the RequestVerificationToken header. The server keeps the key's answer, so
//   a retry never records twice. A refusal (already confirmed, cancelled meanwhile, a validation message) stays in the
//   queue with the server's words and what the server shows now; what was typed can be put back into the form.
// - Signing out empties the kept pages first.
(function () {
    "use strict";

    var meta = document.querySelector("meta[name='st-user']");
    var user = meta ? meta.getAttribute("content") : null;
    var words = document.getElementById("offline-words");
    if (!user || !words) return;

    var DB_NAME = "supplytracker-offline";
    var STORE = "outbox";
    // The forms that may be queued: consumption, a new request (submitted or kept as a draft), a delivery confirmation.
    var QUEUEABLE = [
        { path: /^\/Station\/Consumption\/?$/i, handlers: [""] },
        { path: /^\/Requests\/New\/?$/i, handlers: ["", "Draft"] },
        { path: /^\/Requests\/Details\/\d+\/?$/i, handlers: ["Confirm"] }
    ];

    function word(name) { return words.getAttribute("data-" + name) || ""; }
    function format(template, values) { return template.replace(/\{(\d+)\}/g, function (_, i) { return values[+i]; }); }

    // ---- IndexedDB: the outbox -------------------------------------------------------------------------------------
    var opening = null;
    function db() {
        if (opening) return opening;
        opening = new Promise(function (resolve, reject) {
            var request = indexedDB.open(DB_NAME, 1);
            request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "id" }); };
            request.onsuccess = function () { resolve(request.result); };
            request.onerror = function () { reject(request.error); };
        });
        return opening;
    }
    function tx(mode, work) {
        return db().then(function (d) {
            return new Promise(function (resolve, reject) {
                var t = d.transaction(STORE, mode);
                var result = work(t.objectStore(STORE));
                t.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
                t.onerror = function () { reject(t.error); };
                t.onabort = function () { reject(t.error); };
            });
        });
    }
    function mine() {
        return tx("readonly", function (s) { return s.getAll(); }).then(function (all) {
            return (all || []).filter(function (e) { return e.user === user; })
                .sort(function (a, b) { return a.createdAt < b.createdAt ? -1 : 1; });
        });
    }
    function put(entry) { return tx("readwrite", function (s) { return s.put(entry); }); }
    function remove(id) { return tx("readwrite", function (s) { return s.delete(id); }); }
    function get(id) { return tx("readonly", function (s) { return s.get(id); }); }

    function newKey() {
        if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
        var bytes = new Uint8Array(16);
        crypto.getRandomValues(bytes);
        return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    }

    // ---- Queueing a form -------------------------------------------------------------------------------------------
    function handlerOf(url) { return url.searchParams.get("handler") || ""; }

    function queueable(form, submitter) {
        if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return false;
        var action = new URL((submitter && submitter.getAttribute("formaction")) || form.action, location.href);
        if (action.origin !== location.origin) return false;
        var handler = (submitter && submitter.name === "handler") ? submitter.value : handlerOf(action);
        return QUEUEABLE.some(function (q) { return q.path.test(action.pathname) && q.handlers.indexOf(handler) >= 0; });
    }

    function labelOf(field) {
        // A line of a table (a delivery): its item and the column, e.g. "MSK-SURG · 已允收".
        var line = field.closest("tr[data-item]");
        var column = field.closest("td[data-label]");
        if (line && column) return line.getAttribute("data-item") + " · " + column.getAttribute("data-label");
        if (field.id) {
            var label = document.querySelector("label[for='" + field.id + "']");
            if (label && label.textContent.trim()) return label.textContent.trim();
        }
        if (field.getAttribute("aria-label")) return field.getAttribute("aria-label");
        var cell = field.closest("td[data-label]");
        var row = field.closest("tr");
        var first = row ? row.querySelector("td, th") : null;
        var rowName = row && first && first !== cell ? first.textContent.trim() : "";
        if (row && row.getAttribute("data-item")) rowName = row.getAttribute("data-item");
        if (cell) return (rowName ? rowName + " · " : "") + cell.getAttribute("data-label");
        return field.name;
    }

    // What the officer typed, in their words, for the queue's list (hidden fields and the token are not shown).
    function summaryOf(form) {
        var lines = [];
        Array.prototype.forEach.call(form.elements, function (field) {
            if (!field.name || field.disabled || field.name === "__RequestVerificationToken") return;
            var type = (field.type || "").toLowerCase();
            if (type === "hidden" || type === "submit" || type === "button") return;
            if ((type === "checkbox" || type === "radio") && !field.checked) return;
            var value = field.tagName === "SELECT" ? (field.selectedOptions[0] ? field.selectedOptions[0].textContent.trim() : "") : field.value.trim();
            if (type === "checkbox") value = "✓";
            if (value === "") return;
            lines.push([labelOf(field), value]);
        });
        return lines;
    }

    function bodyOf(form, submitter) {
        var data;
        try { data = new FormData(form, submitter || undefined); } catch (e) {
            data = new FormData(form);
            if (submitter && submitter.name) data.append(submitter.name, submitter.value);
        }
        var body = new URLSearchParams();
        data.forEach(function (value, name) {
            if (name !== "__RequestVerificationToken" && typeof value === "string") body.append(name, value);
        });
        return body.toString();
    }

    function queue(form, submitter) {
        var action = new URL((submitter && submitter.getAttribute("formaction")) || form.action, location.href);
        var heading = document.querySelector("main h1");
        var entry = {
            id: newKey(),
            user: user,
            url: action.pathname + action.search,
            page: location.pathname + location.search,
            title: (heading ? heading.textContent.trim() + " · " : "") + (submitter && submitter.textContent.trim() ? submitter.textContent.trim() : document.title),
            summary: summaryOf(form),
            fields: Array.from(new URLSearchParams(bodyOf(form, submitter)).entries()),
            body: bodyOf(form, submitter),
            createdAt: new Date().toISOString(),
            status: "waiting",
            messages: []
        };
        return put(entry).then(function () {
            // Kept in the queue now; an emptied form is not saved twice by mistake.
            form.reset();
            form.removeAttribute("data-confirmed");
            form.querySelectorAll("input[type=hidden][name=Confirmed]").forEach(function (i) { i.remove(); });
            say(word("queued"));
            return render();
        });
    }

    document.addEventListener("submit", function (e) {
        if (e.defaultPrevented) return;
        var form = e.target;
        var submitter = e.submitter || null;
        var restoring = form.getAttribute("data-offline-entry");
        if (navigator.onLine) {
            // The form was put back from the queue and is now sent the ordinary way: the queued copy goes.
            if (restoring) remove(restoring);
            return;
        }
        if (!queueable(form, submitter)) return;
        e.preventDefault();
        queue(form, submitter).then(function () {
            if (restoring) return remove(restoring).then(render);
            return undefined;
        });
    });

    // ---- Sending ---------------------------------------------------------------------------------------------------
    function parse(html) { return new DOMParser().parseFromString(html, "text/html"); }

    function isAccountPage(url) { return /^\/Account\//i.test(new URL(url, location.href).pathname); }

    // A fresh antiforgery token from the page the form came from (the one kept in the queue may be a day old).
    function freshToken(entry) {
        return fetch(entry.page, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
            if (response.redirected && isAccountPage(response.url)) return { signedOut: true };
            if (!response.ok) return { failed: response.status };
            return response.text().then(function (html) {
                var input = parse(html).querySelector("input[name='__RequestVerificationToken']");
                return input ? { token: input.value } : { failed: response.status };
            });
        });
    }

    function messagesOf(doc) {
        var seen = {};
        var out = [];
        doc.querySelectorAll(".validation-summary-errors li, .field-validation-error, .review p, main .errors li, main [role=alert]").forEach(function (el) {
            var text = el.textContent.trim();
            if (text && !seen[text]) { seen[text] = true; out.push(text); }
        });
        return out;
    }

    // What the server shows now on the page the form came from: its heading and status.
    function serverNow(entry) {
        return fetch(entry.page, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
            if (!response.ok || (response.redirected && isAccountPage(response.url))) return "";
            return response.text().then(function (html) {
                var heading = parse(html).querySelector("main h1");
                return heading ? heading.textContent.replace(/\s+/g, " ").trim() : "";
            });
        }, function () { return ""; });
    }

    function refused(entry, messages) {
        return serverNow(entry).then(function (now) {
            entry.status = "conflict";
            entry.messages = messages.length ? messages : [word("refused")];
            entry.serverNow = now;
            return put(entry);
        });
    }

    // One entry: "sent", "offline" (try later), "signedout" (stop until signed in again) or "refused".
    function send(entry) {
        return freshToken(entry).then(function (t) {
            if (t.signedOut) return "signedout";
            if (!t.token) return "offline";
            return fetch(entry.url, {
                method: "POST",
                credentials: "same-origin",
                cache: "no-store",
                redirect: "follow",
                headers: {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Idempotency-Key": entry.id,
                    "RequestVerificationToken": t.token
                },
                body: entry.body
            }).then(function (response) {
                if (response.redirected) {
                    if (/^\/Account\/AccessDenied/i.test(new URL(response.url).pathname))
                        return refused(entry, [word("notopen")]).then(function () { return "refused"; });
                    if (isAccountPage(response.url)) return "signedout";
                    return remove(entry.id).then(function () { return "sent"; });
                }
                if (response.status === 409 || response.status >= 500) return "offline";
                var type = response.headers.get("Content-Type") || "";
                var read = type.indexOf("json") >= 0
                    ? response.json().then(function (p) { return [p.detail || p.title || word("refused")]; }, function () { return []; })
                    : response.text().then(function (html) { return messagesOf(parse(html)); });
                return read.then(function (messages) { return refused(entry, messages); }).then(function () { return "refused"; });
            });
        }, function () { return "offline"; });
    }

    var sending = null;
    function sendAll() {
        if (sending) return sending;
        if (!navigator.onLine) return Promise.resolve();
        sending = mine().then(function (entries) {
            var waiting = entries.filter(function (e) { return e.status === "waiting"; });
            var sent = 0;
            var chain = Promise.resolve("");
            waiting.forEach(function (entry) {
                chain = chain.then(function (previous) {
                    if (previous === "offline" || previous === "signedout") return previous;
                    return send(entry).then(function (outcome) { if (outcome === "sent") sent++; return outcome; });
                });
            });
            return chain.then(function (last) {
                if (last === "signedout") say(word("signin"));
                else if (sent > 0) say(format(word("sent"), [sent]));
            });
        }).catch(function () { return undefined; }).then(function () {
            sending = null;
            return render();
        });
        return sending;
    }

    // ---- The queue on the page -------------------------------------------------------------------------------------
    var panel = null;
    var status = null;

    function say(text) {
        if (!status || !text) return;
        status.textContent = text;
        status.hidden = false;
    }

    function element(tag, className, text) {
        var el = document.createElement(tag);
        if (className) el.className = className;
        if (text !== undefined) el.textContent = text;
        return el;
    }

    function when(iso) {
        var d = new Date(iso);
        var zone = words.getAttribute("data-zone") || undefined;
        try {
            return new Intl.DateTimeFormat("sv-SE", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).format(d);
        } catch (e) { return d.toISOString().slice(0, 16).replace("T", " "); }
    }

    function entryView(entry) {
        var li = element("li", "offline-entry" + (entry.status === "conflict" ? " conflict" : ""));
        li.setAttribute("data-offline-entry", entry.id);
        li.setAttribute("data-status", entry.status);
        li.appendChild(element("strong", "", entry.title));
        li.appendChild(element("span", "figure", " · " + format(word("saved"), [when(entry.createdAt)])));
        if (entry.summary && entry.summary.length) {
            var typed = element("dl", "offline-typed");
            entry.summary.forEach(function (pair) {
                typed.appendChild(element("dt", "", pair[0]));
                typed.appendChild(element("dd", "", pair[1]));
            });
            li.appendChild(typed);
        }
        if (entry.status === "conflict") {
            var why = element("div", "errors");
            why.setAttribute("role", "alert");
            why.appendChild(element("p", "", word("notrecorded")));
            var list = element("ul");
            entry.messages.forEach(function (m) { list.appendChild(element("li", "", m)); });
            why.appendChild(list);
            if (entry.serverNow) why.appendChild(element("p", "server-now", format(word("servernow"), [entry.serverNow])));
            li.appendChild(why);
            var actions = element("p", "actions");
            var back = element("a", "button", word("putback"));
            back.href = entry.page + (entry.page.indexOf("?") >= 0 ? "&" : "?") + "offlineEntry=" + encodeURIComponent(entry.id);
            back.setAttribute("data-offline-putback", "");
            var discard = element("button", "", word("discard"));
            discard.type = "button";
            discard.setAttribute("data-offline-discard", "");
            discard.addEventListener("click", function () {
                if (window.confirm(word("discardconfirm"))) remove(entry.id).then(render);
            });
            actions.appendChild(back);
            actions.appendChild(discard);
            li.appendChild(actions);
        }
        return li;
    }

    function render() {
        return mine().then(function (entries) {
            if (!panel) return;
            var waiting = entries.filter(function (e) { return e.status === "waiting"; }).length;
            var conflicts = entries.filter(function (e) { return e.status === "conflict"; }).length;
            panel.hidden = entries.length === 0;
            panel.querySelector("[data-offline-count]").textContent = format(word("waiting"), [waiting])
                + (conflicts ? " · " + format(word("conflicts"), [conflicts]) : "");
            panel.setAttribute("data-waiting", String(waiting));
            panel.setAttribute("data-conflicts", String(conflicts));
            var list = panel.querySelector("ul.offline-list");
            list.textContent = "";
            entries.forEach(function (e) { list.appendChild(entryView(e)); });
            panel.querySelector("[data-offline-send]").hidden = waiting === 0;
        }).catch(function () { return undefined; });
    }

    function buildPanel() {
        var main = document.getElementById("main");
        if (!main) return;
        status = element("p", "notice offline-status");
        status.setAttribute("role", "status");
        status.hidden = true;
        panel = element("section", "card offline-queue");
        panel.setAttribute("aria-labelledby", "offline-queue-heading");
        panel.hidden = true;
        var heading = element("h2", "", "");
        heading.id = "offline-queue-heading";
        heading.setAttribute("data-offline-count", "");
        panel.appendChild(heading);
        panel.appendChild(element("ul", "offline-list plain"));
        var send = element("button", "primary", word("sendnow"));
        send.type = "button";
        send.setAttribute("data-offline-send", "");
        send.addEventListener("click", function () { sendAll(); });
        var p = element("p", "actions");
        p.appendChild(send);
        panel.appendChild(p);
        var state = document.getElementById("offline-state");
        var anchor = state ? state.nextSibling : main.firstChild;
        main.insertBefore(status, anchor);
        main.insertBefore(panel, anchor);
    }

    // ---- Online / offline, the kept copy ---------------------------------------------------------------------------
    function showConnection() {
        var offline = document.getElementById("offline-state");
        if (offline) offline.hidden = navigator.onLine;
        var note = document.getElementById("offline-copy-note");
        if (note) note.hidden = !document.body.hasAttribute("data-offline-copy");
    }

    // A form put back from the queue: its fields as they were typed.
    function putBack() {
        var id = new URLSearchParams(location.search).get("offlineEntry");
        if (!id) return;
        get(id).then(function (entry) {
            if (!entry || entry.user !== user) return;
            var action = new URL(entry.url, location.href);
            var form = Array.prototype.find.call(document.forms, function (f) {
                var a = new URL(f.action, location.href);
                return a.pathname === action.pathname && (handlerOf(a) === handlerOf(action) || f.querySelector("button[name=handler]"));
            });
            if (!form) return;
            var values = {};
            entry.fields.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
            Array.prototype.forEach.call(form.elements, function (field) {
                if (!field.name || !(field.name in values) || field.name === "__RequestVerificationToken" || field.name === "Confirmed") return;
                var type = (field.type || "").toLowerCase();
                if (type === "hidden" || type === "submit" || type === "button") return;
                if (type === "checkbox" || type === "radio") field.checked = values[field.name].indexOf(field.value) >= 0;
                else field.value = values[field.name][0];
            });
            form.setAttribute("data-offline-entry", entry.id);
            say(word("putbackdone"));
        });
    }

    function pageUrls() {
        var urls = [location.pathname + location.search];
        document.querySelectorAll("script[src], link[rel=stylesheet][href], link[rel=manifest][href], link[rel=apple-touch-icon][href]").forEach(function (el) {
            urls.push(el.getAttribute("src") || el.getAttribute("href"));
        });
        // From the station home and the requests list: the station's own pages, and the details of the requests
        // listed there (at most 30); any other page keeps only itself.
        if (!/^\/(Station|Requests)\/?$/i.test(location.pathname)) return urls;
        urls.push("/Station", "/Station/Consumption", "/Requests", "/Requests/New");
        var details = [];
        document.querySelectorAll("main a[href^='/Requests/Details/']").forEach(function (a) {
            var href = a.getAttribute("href").split("#")[0];
            if (details.indexOf(href) < 0 && details.length < 30) details.push(href);
        });
        return urls.concat(details);
    }

    function register() {
        if (!("serviceWorker" in navigator)) return;
        navigator.serviceWorker.addEventListener("message", function (event) {
            if (event.data && event.data.type === "warmed") document.documentElement.setAttribute("data-offline-ready", "1");
        });
        if (navigator.serviceWorker.startMessages) navigator.serviceWorker.startMessages();
        navigator.serviceWorker.register("/service-worker.js", { scope: "/" }).then(function () {
            return navigator.serviceWorker.ready;
        }).then(function (registration) {
            // Warm only on a live page: a kept copy must not overwrite itself, and offline there is nothing to fetch.
            if (navigator.onLine && !document.body.hasAttribute("data-offline-copy") && registration.active)
                registration.active.postMessage({ type: "warm", urls: pageUrls() });
        }).catch(function () { return undefined; });
    }

    // Signing out: every kept page goes before the form posts, so the next user of this phone sees none of them.
    function guardSignOut() {
        document.querySelectorAll("form.signout").forEach(function (form) {
            form.addEventListener("submit", function (e) {
                if (form.getAttribute("data-cleared") === "1") return;
                e.preventDefault();
                var done = function () { form.setAttribute("data-cleared", "1"); form.submit(); };
                var clear = window.caches ? caches.keys().then(function (names) {
                    return Promise.all(names.filter(function (n) { return n.indexOf("st-pages-") === 0 || n === "st-meta"; })
                        .map(function (n) { return caches.delete(n); }));
                }) : Promise.resolve();
                var controller = navigator.serviceWorker && navigator.serviceWorker.controller;
                if (controller) controller.postMessage({ type: "signout" });
                clear.then(done, done);
            });
        });
    }

    buildPanel();
    showConnection();
    guardSignOut();
    putBack();
    register();
    window.addEventListener("online", function () { showConnection(); sendAll(); });
    window.addEventListener("offline", showConnection);
    render().then(function () { if (navigator.onLine) return sendAll(); return undefined; });
})();
