// Quick-create a customer in a Bootstrap modal without leaving the page (e.g. the repair intake).
// Any button with data-quick-create opens the modal; on success the page receives the event
// "customer:created" on document with detail = {id, name, masked_phone, phone, url}.
(function () {
  var modalEl = document.getElementById("quick-create-modal");
  if (!modalEl) return;
  var body = modalEl.querySelector(".modal-body");
  var url = modalEl.dataset.url;

  function wire() {
    var form = body.querySelector("form");
    if (!form) return;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                          headers: {"Accept": "application/json"}})
        .then(function (r) { return r.json().then(function (d) { return {status: r.status, data: d}; }); })
        .then(function (res) {
          if (res.data.ok) {
            bootstrap.Modal.getOrCreateInstance(modalEl).hide();
            document.dispatchEvent(new CustomEvent("customer:created", {detail: res.data.customer}));
            return;
          }
          // Show the errors and keep what was typed; a duplicate phone lists the existing files.
          form.querySelectorAll(".js-error").forEach(function (n) { n.remove(); });
          Object.keys(res.data.errors || {}).forEach(function (field) {
            var input = form.querySelector("[name=" + field + "]") || form.querySelector("button");
            var div = document.createElement("div");
            div.className = "js-error text-danger small";
            div.textContent = res.data.errors[field].join(" ");
            input.insertAdjacentElement("afterend", div);
          });
          var dups = form.querySelector(".js-duplicates");
          dups.innerHTML = "";
          (res.data.duplicates || []).forEach(function (d) {
            var item = document.createElement(d.url ? "a" : "div");
            item.className = "alert alert-warning d-block py-1 mb-1";
            if (d.url) { item.href = d.url; item.dataset.customerId = d.id; }
            item.textContent = d.name + " · " + d.masked_phone + " · " + d.store;
            dups.appendChild(item);
          });
          delete form.dataset.submitted;
        });
    });
  }

  document.addEventListener("click", function (event) {
    var trigger = event.target.closest("[data-quick-create]");
    if (!trigger) return;
    event.preventDefault();
    fetch(url + "?fragment=1", {credentials: "same-origin"})
      .then(function (r) { return r.text(); })
      .then(function (html) {
        body.innerHTML = html;
        wire();
        bootstrap.Modal.getOrCreateInstance(modalEl).show();
      });
  });
})();
