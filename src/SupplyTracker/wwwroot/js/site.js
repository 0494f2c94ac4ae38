// Small enhancements over forms that work without JavaScript.
(function () {
    "use strict";

    function itemCatalogue() {
        var data = document.getElementById("item-data");
        if (!data) return null;
        var items = JSON.parse(data.textContent);
        var byCode = {}, byName = {};
        items.forEach(function (item) {
            byCode[item.code.toLowerCase()] = item;
            item.names.forEach(function (n) { byName[n.toLowerCase()] = item; });
        });
        return function (text) {
            var typed = (text || "").trim().toLowerCase();
            if (!typed) return null;
            return byCode[typed] || byCode[typed.split(/[\s·—]/)[0]] || byName[typed] || null;
        };
    }

    // Shows the item's name under what was typed, and the lot/expiry fields only when the item needs them.
    function resolveLine(row, find) {
        var input = row.querySelector("[data-item]");
        if (!input) return;
        var item = find(input.value);
        var name = row.querySelector(".item-name");
        if (name) name.textContent = item ? item.name + " (" + item.unit + ")" : "";
        row.querySelectorAll("[data-lot]").forEach(function (cell) {
            var field = cell.querySelector("input");
            var needed = !item || item.lot || (field && field.value);
            cell.classList.toggle("lot-off", !needed);
            if (field) { field.disabled = !needed; field.required = !!(item && item.lot); }
        });
    }

    function renumber(row, index) {
        row.querySelectorAll("[name],[id],[for],[data-valmsg-for]").forEach(function (el) {
            ["name", "id", "for", "data-valmsg-for"].forEach(function (attr) {
                var v = el.getAttribute(attr);
                if (v) el.setAttribute(attr, v.replace(/Lines\[\d+\]/, "Lines[" + index + "]").replace(/Lines_\d+__/, "Lines_" + index + "__"));
            });
        });
        var n = row.querySelector(".n");
        if (n) n.textContent = index + 1;
        row.querySelectorAll("label.sr-only").forEach(function (l) { l.textContent = l.textContent.replace(/\d+$/, index + 1); });
    }

    function addLine(tbody, find) {
        var rows = tbody.querySelectorAll("[data-line]");
        var last = rows[rows.length - 1];
        var row = last.cloneNode(true);
        row.querySelectorAll("input").forEach(function (i) { i.value = ""; i.classList.remove("input-validation-error"); i.disabled = false; });
        row.querySelectorAll(".error, .item-name").forEach(function (e) { e.textContent = ""; });
        renumber(row, rows.length);
        tbody.appendChild(row);
        resolveLine(row, find);
        row.querySelector("[data-item]").focus();
        return row;
    }

    document.querySelectorAll("table.lines").forEach(function (table) {
        var find = itemCatalogue();
        if (!find) return;
        var tbody = table.querySelector("tbody");
        var form = table.closest("form");
        tbody.querySelectorAll("[data-line]").forEach(function (row) { resolveLine(row, find); });
        tbody.addEventListener("input", function (e) {
            if (e.target.matches("[data-item]")) resolveLine(e.target.closest("[data-line]"), find);
        });
        tbody.addEventListener("change", function (e) {
            if (e.target.matches("[data-item]")) resolveLine(e.target.closest("[data-line]"), find);
        });
        // Enter in a line moves on to the next line (adding one at the end) instead of submitting half a donation.
        tbody.addEventListener("keydown", function (e) {
            if (e.key !== "Enter" || e.ctrlKey || e.metaKey || !e.target.matches("input")) return;
            e.preventDefault();
            var row = e.target.closest("[data-line]");
            var next = row.nextElementSibling;
            if (next) next.querySelector("[data-item]").focus(); else addLine(tbody, find);
        });
        var add = form.querySelector("[data-add-line]");
        if (add) add.addEventListener("click", function (e) { e.preventDefault(); addLine(tbody, find); });
        // Ctrl+Enter saves from anywhere in the form.
        form.addEventListener("keydown", function (e) {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                var primary = form.querySelector("button.primary");
                if (form.requestSubmit) form.requestSubmit(primary); else primary.click();
            }
        });
    });

    // Progress for long form posts (receipts, imports): a button with data-busy shows its text while the server works.
    document.querySelectorAll("form [data-busy]").forEach(function (button) {
        button.form.addEventListener("submit", function () {
            var bar = button.form.querySelector("progress");
            if (bar) bar.hidden = false;
            button.disabled = true;
            button.textContent = button.getAttribute("data-busy");
        });
    });

    // The grouped top menus: one open at a time; Escape or a click elsewhere closes them (they open and close without script too).
    var menus = document.querySelectorAll("header nav details");
    menus.forEach(function (menu) {
        menu.addEventListener("toggle", function () {
            if (menu.open) menus.forEach(function (other) { if (other !== menu) other.open = false; });
        });
        menu.addEventListener("keydown", function (e) {
            if (e.key === "Escape" && menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
        });
    });
    document.addEventListener("click", function (e) {
        menus.forEach(function (menu) { if (menu.open && !menu.contains(e.target)) menu.open = false; });
    });
})();
