// "All received as shipped" on the delivery form: fills the lines left empty in the page (without JavaScript the
// button asks the server to do the same); the station still confirms through the review.
(function () {
    "use strict";
    document.querySelectorAll("form.delivery [data-fill-shipped]").forEach(function (button) {
        button.addEventListener("click", function (e) {
            e.preventDefault();
            var form = button.form;
            form.querySelectorAll("tr[data-shipped]").forEach(function (row) {
                var accepted = row.querySelector("input[name$='.Accepted']");
                var rejected = row.querySelector("input[name$='.Rejected']");
                if (accepted.value === "" && rejected.value === "") {
                    accepted.value = row.getAttribute("data-shipped");
                    rejected.value = "0";
                }
            });
            var first = form.querySelector("input[name$='.Accepted']");
            if (first) first.focus();
        });
    });
})();
