// A confirmation before an irreversible action. Without JavaScript the server answers the first post with a review
// (the form again, with the summary and a "confirm" button that posts Confirmed=true); with it, a <dialog> asks first
// and the form posts once, confirmed.
(function () {
    "use strict";

    var dialog = null;

    function words() {
        var w = document.getElementById("confirm-words");
        return { yes: w ? w.getAttribute("data-yes") : "OK", no: w ? w.getAttribute("data-no") : "Cancel" };
    }

    function ensureDialog() {
        if (dialog) return dialog;
        var w = words();
        dialog = document.createElement("dialog");
        dialog.className = "confirm";
        dialog.setAttribute("aria-labelledby", "confirm-text");
        var text = document.createElement("p");
        text.id = "confirm-text";
        var actions = document.createElement("p");
        actions.className = "actions";
        var yes = document.createElement("button");
        yes.type = "button";
        yes.className = "primary";
        yes.setAttribute("data-confirm-yes", "");
        yes.textContent = w.yes;
        var no = document.createElement("button");
        no.type = "button";
        no.setAttribute("data-confirm-no", "");
        no.textContent = w.no;
        actions.appendChild(yes);
        actions.appendChild(no);
        dialog.appendChild(text);
        dialog.appendChild(actions);
        no.addEventListener("click", function () { dialog.close(); });
        document.body.appendChild(dialog);
        return dialog;
    }

    function format(template, values) {
        return template.replace(/\{(\d+)\}/g, function (_, i) { return values[+i]; });
    }

    function countChoices(form, state, outcomes) {
        return outcomes.map(function (outcome) {
            return form.querySelectorAll("tr[data-state='" + state + "'] input[type=radio][value='" + outcome + "']:checked").length;
        });
    }

    // Summaries computed from the form as it stands, named by data-confirm-summary.
    var summaries = {
        inspect: function (form, template) { return format(template, countChoices(form, "Pending", ["Accept", "Quarantine", "Reject"])); },
        release: function (form, template) { return format(template, countChoices(form, "Quarantined", ["Release", "Reject"])); }
    };

    document.addEventListener("submit", function (e) {
        var form = e.target;
        var submitter = e.submitter || null;
        // The review's own button, and a form already confirmed in the dialog, post as they are.
        if (form.getAttribute("data-confirmed") === "1" || (submitter && (submitter.name === "Confirmed" || submitter.hasAttribute("data-no-confirm")))) return;
        var source = submitter && submitter.hasAttribute("data-confirm") ? submitter : form.hasAttribute("data-confirm") ? form : null;
        if (!source) return;
        e.preventDefault();
        e.stopImmediatePropagation();
        var text = source.getAttribute("data-confirm");
        var summary = summaries[source.getAttribute("data-confirm-summary") || ""];
        if (summary) text = summary(form, text);
        var d = ensureDialog();
        d.querySelector("#confirm-text").textContent = text;
        var yes = d.querySelector("[data-confirm-yes]");
        yes.onclick = function () {
            d.close();
            var confirmed = document.createElement("input");
            confirmed.type = "hidden";
            confirmed.name = "Confirmed";
            confirmed.value = "true";
            form.appendChild(confirmed);
            form.setAttribute("data-confirmed", "1");
            if (submitter && form.requestSubmit) form.requestSubmit(submitter); else if (form.requestSubmit) form.requestSubmit(); else form.submit();
        };
        d.showModal();
        yes.focus();
    }, true);

    // After a failed post, focus goes to the first field in error (or the review, or the summary), not the top of the page.
    document.addEventListener("DOMContentLoaded", function () {
        var target = document.querySelector(".input-validation-error") || document.querySelector(".review")
            || document.querySelector(".errors.validation-summary-errors");
        if (target) {
            target.focus();
            if (target.scrollIntoView) target.scrollIntoView({ block: "center" });
        }
    });
})();
