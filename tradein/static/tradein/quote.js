// Trade-in pages: the customer picker (the customers app's lookup, full phone or last four
// digits) and the tablet signature. No inline script: the pages keep to a strict CSP.
(function () {
  "use strict";

  // --- the customer, picked like at repair intake ---------------------------------------------
  var form = document.getElementById("quote-new-form");
  if (form) {
    var phone = document.getElementById("id_phone"), matches = document.getElementById("customer-matches"),
        hint = document.getElementById("customer-hint"), hidden = document.getElementById("id_customer"),
        timer = null, asked = "";
    var radio = function (c, checked) {
      var div = document.createElement("div");
      div.className = "form-check";
      var input = document.createElement("input"), label = document.createElement("label");
      input.className = "form-check-input"; input.type = "radio"; input.name = "customer_pick";
      input.value = c.id; input.id = "customer-" + c.id; input.checked = !!checked;
      label.className = "form-check-label"; label.htmlFor = input.id;
      label.textContent = [c.name, c.masked_phone, c.store].filter(Boolean).join(" · ");
      div.appendChild(input); div.appendChild(label);
      return div;
    };
    var sync = function () {
      var r = matches.querySelector("input[name=customer_pick]:checked");
      hidden.value = r ? r.value : "";
    };
    var search = function () {
      var q = phone.value.replace(/[\s\-()]/g, "");
      if (q === asked) return;
      asked = q;
      if (!/^\+?\d{4,}$/.test(q) || (q.length > 4 && q.length < 7)) return;
      fetch(form.dataset.lookupUrl + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (q !== asked) return;
          matches.innerHTML = "";
          data.results.forEach(function (c) { matches.appendChild(radio(c, data.results.length === 1)); });
          hint.textContent = data.results.length ? (data.results.length > 1 ? form.dataset.textPick : "") : form.dataset.textNone;
          sync();
        });
    };
    phone.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 300); });
    phone.addEventListener("change", search);
    matches.addEventListener("change", sync);
    // Typed before this deferred script ran, or kept by the browser on going back: look it up now.
    if (phone.value) search();
    document.addEventListener("customer:created", function (event) {
      var c = event.detail;
      matches.innerHTML = "";
      matches.appendChild(radio({id: c.id, name: c.name, masked_phone: c.masked_phone}, true));
      hint.textContent = "";
      sync();
    });
  }

  // --- the customer's signature on the tablet ---------------------------------------------------
  var signed = document.querySelector("form[data-signature-form]");
  var canvas = document.getElementById("signature-pad");
  if (signed && canvas && window.SignaturePad) {
    var pad = new window.SignaturePad(canvas, {backgroundColor: "rgb(255,255,255)"});
    document.getElementById("signature-clear").addEventListener("click", function () { pad.clear(); });
    signed.addEventListener("submit", function () {
      signed.querySelector("input[name=signature]").value = pad.isEmpty() ? "" : pad.toDataURL("image/png");
    }, true);
  }
})();
