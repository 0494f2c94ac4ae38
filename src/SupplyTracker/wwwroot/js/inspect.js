// Inspection of a donation from the keyboard: "accept all", then the exceptions. On a line's choice A/Q/R (E: release)
// choose, ↓/↑ (or J/K) move to the next or previous line, Ctrl+Enter saves (through the confirmation).
(function () {
    "use strict";

    var form = document.querySelector("form.inspection");
    if (!form) return;
    var rows = function () { return Array.prototype.slice.call(form.querySelectorAll("tr[data-state] fieldset.choices")); };

    function focusChoice(fieldset) {
        if (!fieldset) return;
        var radio = fieldset.querySelector("input[type=radio]:checked") || fieldset.querySelector("input[type=radio]");
        radio.focus();
    }

    var acceptAll = form.querySelector("[data-accept-all]");
    if (acceptAll) acceptAll.addEventListener("click", function (e) {
        e.preventDefault();
        form.querySelectorAll("tr[data-state='Pending'] input[type=radio][value='Accept']").forEach(function (radio) { radio.checked = true; });
        focusChoice(rows()[0]);
    });

    form.addEventListener("keydown", function (e) {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            var save = form.querySelector("button.primary[data-confirm]") || form.querySelector("button[data-confirm]");
            if (save) form.requestSubmit(save);
            return;
        }
        var radio = e.target;
        if (!radio.matches || !radio.matches("fieldset.choices input[type=radio]") || e.ctrlKey || e.altKey || e.metaKey) return;
        var fieldset = radio.closest("fieldset");
        var all = rows();
        var index = all.indexOf(fieldset);
        var key = e.key.toLowerCase();
        if (key === "arrowdown" || key === "j" || key === "arrowup" || key === "k") {
            e.preventDefault();
            focusChoice(all[index + (key === "arrowdown" || key === "j" ? 1 : -1)]);
            return;
        }
        var choice = fieldset.querySelector("input[type=radio][data-key='" + key + "']");
        if (!choice) return;
        e.preventDefault();
        choice.checked = true;
        // Quarantine and reject want a reason; accept and release move on to the next line.
        if (key === "q" || key === "r") {
            var reason = choice.closest("tr").querySelector("input[name$='.Reason']");
            if (reason) { reason.focus(); return; }
        }
        if (index + 1 < all.length) focusChoice(all[index + 1]); else choice.focus();
    });
})();
