// Scan-first intake (Donations/New): a keyboard-wedge scanner "types" a GS1 code and Enter into an item field; a phone
// reads the code with its camera through the served ZXing decoder (wwwroot/lib/zxing, fetched by scripts/setup). Either
// way the server resolves the code (?handler=Resolve) and the line gets item, pack, count, lot and expiry.
(function () {
    "use strict";

    var form = document.querySelector("[data-scan-form]");
    if (!form) return;
    var table = form.querySelector("table.lines");
    var tbody = table.querySelector("tbody");
    var packData = JSON.parse(document.getElementById("pack-data").textContent);
    var itemList = JSON.parse(document.getElementById("item-data").textContent);
    var baseLabel = form.getAttribute("data-unknown") || "";
    var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 2 });

    var byCode = {}, byName = {};
    itemList.forEach(function (item) {
        byCode[item.code.toLowerCase()] = item;
        item.names.forEach(function (n) { byName[n.toLowerCase()] = item; });
    });
    function findItem(text) {
        var typed = (text || "").trim().toLowerCase();
        if (!typed) return null;
        return byCode[typed] || byCode[typed.split(/[\s·—]/)[0]] || byName[typed] || null;
    }

    // What a scanner sends: a symbology identifier, a bracketed AI, a bare element string or GTIN, or a GS separator.
    function looksLikeBarcode(text) {
        var v = (text || "").trim();
        return /^\][A-Za-z]\d/.test(v) || /^\(\d{2,4}\)/.test(v) || /^\d{8,}$/.test(v) || v.indexOf("\u001d") >= 0
            || /^0[12]\d{14}/.test(v);
    }

    function packsOf(item) { return item ? packData[item.code] || [] : []; }

    // The pack list follows the line's item: its base unit first, then its packs; a choice still valid is kept.
    function fillPacks(row) {
        var select = row.querySelector("[data-pack]");
        if (!select) return;
        var item = findItem(row.querySelector("[data-item]").value);
        var current = select.value;
        var wanted = [{ id: "", label: item ? item.unit : baseLabel }].concat(packsOf(item).map(function (p) {
            return { id: String(p.id), label: p.name + " × " + numbers.format(p.quantity) };
        }));
        var same = select.options.length === wanted.length && wanted.every(function (w, i) { return select.options[i].value === w.id; });
        if (!same) {
            select.textContent = "";
            wanted.forEach(function (w) { select.appendChild(new Option(w.label, w.id)); });
            select.value = wanted.some(function (w) { return w.id === current; }) ? current : "";
        }
        showTotal(row);
    }

    // "20 箱 × 50 = 1,000 只" beside the count, so the base units stored are visible before saving.
    function showTotal(row) {
        var out = row.querySelector("[data-pack-total]");
        if (!out) return;
        var item = findItem(row.querySelector("[data-item]").value);
        var packId = row.querySelector("[data-pack]").value;
        var count = parseFloat(row.querySelector("[data-quantity]").value);
        var pack = packsOf(item).filter(function (p) { return String(p.id) === packId; })[0];
        out.textContent = pack && count > 0
            ? numbers.format(count) + " " + pack.name + " × " + numbers.format(pack.quantity) + " = " + numbers.format(count * pack.quantity) + " " + item.unit
            : "";
    }

    function itemError(row, message) {
        var input = row.querySelector("[data-item]");
        var span = row.querySelector("[data-valmsg-for$='.Item']");
        if (span) { span.textContent = message || ""; span.classList.toggle("field-validation-error", !!message); }
        input.classList.toggle("input-validation-error", !!message);
        if (message) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
    }

    function setValue(input, value) {
        if (!input) return;
        input.disabled = false;
        input.value = value == null ? "" : value;
    }

    function nextLine(row) {
        var next = row.nextElementSibling;
        if (next) { next.querySelector("[data-item]").focus(); return; }
        var add = form.querySelector("[data-add-line]");
        if (add) add.click();
    }

    function resolve(row, code) {
        var input = row.querySelector("[data-item]");
        row.setAttribute("aria-busy", "true");
        var url = form.getAttribute("data-resolve-url") + "&code=" + encodeURIComponent(code);
        return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
            .then(function (response) { return response.json(); })
            .then(function (scan) {
                if (scan.error) { itemError(row, scan.error); input.select(); return false; }
                itemError(row, "");
                // Lot and expiry first: the line keeps fields that hold a value open even for an item without lots.
                setValue(row.querySelector("input[name$='.LotNumber']"), scan.lot);
                setValue(row.querySelector("input[name$='.ExpiresOn']"), scan.expiresOn);
                input.value = scan.item;
                input.dispatchEvent(new Event("input", { bubbles: true }));
                fillPacks(row);
                row.querySelector("[data-pack]").value = scan.packId == null ? "" : String(scan.packId);
                setValue(row.querySelector("[data-quantity]"), scan.quantity);
                showTotal(row);
                row.setAttribute("data-scanned", "true");
                nextLine(row);
                return true;
            })
            .catch(function () { itemError(row, form.getAttribute("data-offline") || "?"); return false; })
            .finally(function () { row.removeAttribute("aria-busy"); });
    }

    // Capture phase: the scanner's Enter resolves the code before site.js would move on, and never submits the form.
    table.addEventListener("keydown", function (e) {
        if (e.key !== "Enter" || !e.target.matches("[data-item]") || !looksLikeBarcode(e.target.value)) return;
        e.preventDefault();
        e.stopPropagation();
        resolve(e.target.closest("[data-line]"), e.target.value.trim());
    }, true);
    tbody.addEventListener("input", function (e) {
        var row = e.target.closest("[data-line]");
        if (!row) return;
        if (e.target.matches("[data-item]")) { itemError(row, ""); fillPacks(row); }
        else if (e.target.matches("[data-quantity]")) showTotal(row);
    });
    tbody.addEventListener("change", function (e) {
        var row = e.target.closest("[data-line]");
        if (!row) return;
        if (e.target.matches("[data-item]")) fillPacks(row); else showTotal(row);
    });
    // A line added by site.js is a copy of the last one: give it its own (empty) pack list.
    new MutationObserver(function (changes) {
        changes.forEach(function (c) { c.addedNodes.forEach(function (n) { if (n.matches && n.matches("[data-line]")) fillPacks(n); }); });
    }).observe(tbody, { childList: true });
    tbody.querySelectorAll("[data-line]").forEach(fillPacks);

    // A walk-in citizen gives no name: the donor list and the new-donor card step aside.
    var walkIn = form.querySelector("[data-walk-in]");
    var donor = form.querySelector("#Input_DonorId");
    function walkInChanged() {
        if (!walkIn || !donor) return;
        donor.disabled = walkIn.checked;
        var card = form.querySelector("#new-donor");
        if (card) card.hidden = walkIn.checked;
    }
    if (walkIn) {
        walkIn.addEventListener("change", walkInChanged);
        walkInChanged();
        // Alt+W from anywhere in the form (accesskey needs other modifiers on other systems).
        form.addEventListener("keydown", function (e) {
            if (!e.altKey || e.ctrlKey || e.metaKey || e.code !== "KeyW") return;
            e.preventDefault();
            walkIn.checked = !walkIn.checked;
            walkInChanged();
        });
    }

    // The camera: the first line without an item takes the scan; the video stops once a code is read.
    var cameraButton = form.querySelector("[data-scan-camera]");
    var panel = form.querySelector("[data-camera]");
    if (!cameraButton || !panel || !window.ZXing || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
    cameraButton.hidden = false;
    var video = panel.querySelector("[data-camera-video]");
    var cameraError = panel.querySelector("[data-camera-error]");
    var stream = null, timer = null, busy = false;
    var hints = new Map();
    hints.set(ZXing.DecodeHintType.POSSIBLE_FORMATS, [ZXing.BarcodeFormat.DATA_MATRIX, ZXing.BarcodeFormat.QR_CODE,
        ZXing.BarcodeFormat.CODE_128, ZXing.BarcodeFormat.EAN_13, ZXing.BarcodeFormat.EAN_8, ZXing.BarcodeFormat.ITF]);
    hints.set(ZXing.DecodeHintType.TRY_HARDER, true);
    var reader = new ZXing.MultiFormatReader();
    reader.setHints(hints);
    var canvas = document.createElement("canvas");

    function stopCamera() {
        if (timer) clearInterval(timer);
        timer = null;
        if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
        stream = null;
        panel.hidden = true;
    }

    function targetRow() {
        var rows = Array.prototype.slice.call(tbody.querySelectorAll("[data-line]"));
        return rows.filter(function (r) { return !r.querySelector("[data-item]").value.trim(); })[0] || null;
    }

    // GS1 DataMatrix and GS1-128 start with FNC1, which ZXing drops: what remains is a GS1 element string.
    function text(result) {
        var format = result.getBarcodeFormat();
        var raw = result.getText();
        if (format === ZXing.BarcodeFormat.DATA_MATRIX && /^\d{2}/.test(raw)) return "]d2" + raw;
        if (format === ZXing.BarcodeFormat.CODE_128 && /^\d{2}/.test(raw)) return "]C1" + raw;
        return raw;
    }

    function readFrame() {
        if (busy || !video.videoWidth) return;
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        canvas.getContext("2d").drawImage(video, 0, 0);
        var result;
        try {
            var bitmap = new ZXing.BinaryBitmap(new ZXing.HybridBinarizer(new ZXing.HTMLCanvasElementLuminanceSource(canvas)));
            result = reader.decodeWithState(bitmap);
        } catch (e) {
            return; // no code in this frame
        }
        busy = true;
        var row = targetRow();
        if (!row) {
            var add = form.querySelector("[data-add-line]");
            if (add) add.click();
            row = targetRow();
        }
        var code = text(result);
        row.querySelector("[data-item]").value = code;
        resolve(row, code).then(function (ok) { busy = false; if (ok) stopCamera(); });
    }

    cameraButton.addEventListener("click", function () {
        cameraError.textContent = "";
        navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
            .then(function (s) {
                stream = s;
                video.srcObject = s;
                panel.hidden = false;
                return video.play();
            })
            .then(function () { timer = setInterval(readFrame, 250); })
            .catch(function (e) { cameraError.textContent = e && e.message ? e.message : String(e); panel.hidden = false; });
    });
    panel.querySelector("[data-camera-stop]").addEventListener("click", stopCamera);
})();
