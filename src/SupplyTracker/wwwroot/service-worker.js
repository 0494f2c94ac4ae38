// The station app's service worker (scope /). It keeps, for reading without signal, the station's own pages — the
// station home (stock, what is arriving), its requests list and each request's details, and the forms used offline —
// in one cache per signed-in user, and the site's scripts, styles and icons in a shared cache. Pages are always asked
// of the network first; the kept copy is only served when the network fails, marked so the page can say when it was
// fetched. Signing out, or any sign-in page, empties every user's cache. Writes are never handled here: the page
// queues them (wwwroot/js/offline.js) and sends them with an Idempotency-Key when the connection is back.
"use strict";

var STATIC_CACHE = "st-static-v1";
var META_CACHE = "st-meta";
var PAGE_PREFIX = "st-pages-";
var USER_KEY = "/__offline/user";

// The pages kept for reading offline (path only; the query string is part of the kept copy's key).
var PAGES = [/^\/Station\/?$/i, /^\/Station\/Consumption\/?$/i, /^\/Requests\/?$/i, /^\/Requests\/New\/?$/i, /^\/Requests\/Details\/\d+\/?$/i];
var STATIC = [/^\/css\//i, /^\/js\//i, /^\/lib\//i, /^\/icons\//i, /^\/manifest\.webmanifest$/i];
var SIGNED_OUT = [/^\/Account\/Login/i, /^\/Account\/Logout/i];

function matches(list, path) {
    return list.some(function (re) { return re.test(path); });
}

function pageCacheName(user) {
    return PAGE_PREFIX + encodeURIComponent(user);
}

var currentUser; // undefined: not read yet; null: nobody signed in

function readUser() {
    if (currentUser !== undefined) return Promise.resolve(currentUser);
    return caches.open(META_CACHE)
        .then(function (cache) { return cache.match(USER_KEY); })
        .then(function (response) { return response ? response.text() : null; })
        .then(function (user) { currentUser = user || null; return currentUser; });
}

// Another user (or nobody) now: every other user's pages go.
function setUser(user) {
    currentUser = user || null;
    return caches.keys().then(function (names) {
        return Promise.all(names.filter(function (n) {
            return n.indexOf(PAGE_PREFIX) === 0 && (!user || n !== pageCacheName(user));
        }).map(function (n) { return caches.delete(n); }));
    }).then(function () {
        return caches.open(META_CACHE);
    }).then(function (cache) {
        return user ? cache.put(USER_KEY, new Response(user)) : cache.delete(USER_KEY);
    });
}

// The signed-in station user the page was rendered for (offline.js's partial), or null.
function userOf(html) {
    var match = /<meta name="st-user" content="([^"]*)"/.exec(html);
    return match ? match[1].replace(/&amp;/g, "&").replace(/&quot;/g, "\"").replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">") : null;
}

// Keeps a page answered by the network, in its user's cache, marked as a kept copy. Only a real page is kept: not a
// redirect (to the sign-in page, say), not an error, and only one rendered for a signed-in station user.
function keepPage(url, response) {
    var type = response.headers.get("Content-Type") || "";
    if (!response.ok || response.redirected || response.type !== "basic" || type.indexOf("text/html") !== 0) return Promise.resolve();
    return response.clone().text().then(function (html) {
        var user = userOf(html);
        if (!user) return undefined;
        var copy = html.replace("<body", "<body data-offline-copy");
        return readUser().then(function (known) {
            return known === user ? undefined : setUser(user);
        }).then(function () {
            return caches.open(pageCacheName(user));
        }).then(function (cache) {
            return cache.put(url, new Response(copy, { status: 200, headers: { "Content-Type": type } }));
        });
    });
}

function keptPage(url) {
    return readUser().then(function (user) {
        if (!user) return undefined;
        return caches.open(pageCacheName(user)).then(function (cache) { return cache.match(url); });
    });
}

function notKept() {
    var html = "<!DOCTYPE html><html lang=\"zh-Hant\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>離線 · 离线 · Offline</title><link rel=\"stylesheet\" href=\"/css/site.css\"></head><body><main id=\"main\">"
        + "<h1>離線 · 离线 · Offline</h1>"
        + "<p lang=\"zh-Hant\">此頁未存於本機，恢復連線後再開。</p>"
        + "<p lang=\"zh-Hans\">此页未存于本机，恢复连接后再打开。</p>"
        + "<p lang=\"en\">This page was not kept on this phone; open it again when the connection is back.</p>"
        + "<p><a href=\"/Station\">本站 · My station</a></p></main></body></html>";
    return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

function page(request) {
    var url = request.url.split("#")[0];
    return fetch(request).then(function (response) {
        return keepPage(url, response).then(function () { return response; }, function () { return response; });
    }, function () {
        return keptPage(url).then(function (kept) {
            if (kept) return kept;
            if (request.mode === "navigate") return notKept();
            return Response.error();
        });
    });
}

// Scripts, styles and icons: the kept copy at once, refreshed from the network behind it.
function asset(request) {
    return caches.open(STATIC_CACHE).then(function (cache) {
        return cache.match(request).then(function (kept) {
            var fresh = fetch(request).then(function (response) {
                if (response.ok && response.type === "basic") cache.put(request, response.clone());
                return response;
            });
            if (kept) {
                fresh.catch(function () { return undefined; });
                return kept;
            }
            return fresh;
        });
    });
}

self.addEventListener("install", function () {
    self.skipWaiting();
});

self.addEventListener("activate", function (event) {
    event.waitUntil(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (n) { return n.indexOf("st-static-") === 0 && n !== STATIC_CACHE; })
            .map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
    var request = event.request;
    if (request.method !== "GET") return;
    var url = new URL(request.url);
    if (url.origin !== self.location.origin) return;
    if (matches(PAGES, url.pathname)) {
        event.respondWith(page(request));
    } else if (matches(STATIC, url.pathname)) {
        event.respondWith(asset(request));
    } else if (matches(SIGNED_OUT, url.pathname)) {
        // Nobody is signed in on this device now (or is about to be): nothing of anyone's is kept.
        event.waitUntil(setUser(null));
    }
});

// Sent by offline.js: "signout" before the sign-out form posts; "warm" with the pages and files to keep now (the
// page's own scripts and styles, the station's forms and its requests' details), answered with "warmed".
self.addEventListener("message", function (event) {
    var data = event.data || {};
    var reply = function (message) { if (event.source) event.source.postMessage(message); };
    if (data.type === "signout") {
        event.waitUntil(setUser(null).then(function () { reply({ type: "signedout" }); }));
    } else if (data.type === "warm" && Array.isArray(data.urls)) {
        event.waitUntil(Promise.all(data.urls.map(function (u) {
            var url = new URL(u, self.location.origin);
            if (url.origin !== self.location.origin) return undefined;
            if (matches(PAGES, url.pathname)) {
                return fetch(url.href, { credentials: "same-origin", cache: "no-store" })
                    .then(function (response) { return keepPage(url.href, response); })
                    .catch(function () { return undefined; });
            }
            if (matches(STATIC, url.pathname)) {
                return caches.open(STATIC_CACHE).then(function (cache) {
                    return cache.match(url.href).then(function (kept) { return kept || cache.add(url.href); });
                }).catch(function () { return undefined; });
            }
            return undefined;
        })).then(function () { reply({ type: "warmed" }); }));
    }
});
