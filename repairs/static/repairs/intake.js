// The repair intake page (templates/repairs/intake.html): items added on the page, the customer
// found by phone as the counter types, the customer's purchases offered per item, and a counter
// that works from the keyboard and a barcode scanner or scale that "types" into the focused field.
(function () {
  var form = document.getElementById("intake-form");
  if (!form) return;
  var total = document.getElementById("id_items-TOTAL_FORMS");
  document.getElementById("add-item").addEventListener("click", function () {
    var n = parseInt(total.value, 10);
    var html = document.getElementById("item-template").innerHTML.replace(/__prefix__/g, n).replace(/__no__/g, n + 1);
    document.getElementById("items").insertAdjacentHTML("beforeend", html);
    total.value = n + 1;
    var first = document.querySelector('[name="items-' + n + '-category"]');
    if (first) first.focus();
  });
  // The customer: found with the customers app's search (full phone or last four digits) as the
  // counter types; several matches → the counter picks one; a new file opens in the dialog.
  var phone = document.getElementById("id_phone"), matches = document.getElementById("customer-matches"),
      hint = document.getElementById("customer-hint"), timer = null, asked = "";
  var texts = {none: form.dataset.textNone, pick: form.dataset.textPick, notListed: form.dataset.textNotListed};
  function radio(c, checked) {
    var id = "customer-" + c.id, div = document.createElement("div");
    div.className = "form-check";
    div.innerHTML = '<input class="form-check-input" type="radio" name="customer"><label class="form-check-label"></label>';
    var input = div.querySelector("input"), label = div.querySelector("label");
    input.value = c.id; input.id = id; input.checked = !!checked;
    label.htmlFor = id; label.textContent = [c.name, c.masked_phone, c.store].filter(Boolean).join(" · ");
    return div;
  }
  function picked() { var r = matches.querySelector("input[name=customer]:checked"); return r ? r.value : ""; }
  var known = {};
  function fillPurchases(list) {
    known = {};
    list.forEach(function (p) { known[p.id] = p; });
    var options = document.createElement("option");
    options.value = ""; options.textContent = texts.notListed; options = options.outerHTML;
    list.forEach(function (p) {
      var o = document.createElement("option"); o.value = p.id; o.textContent = p.label; options += o.outerHTML;
    });
    document.querySelectorAll("select[name$='-purchase']").forEach(function (sel) {
      var keep = sel.value; sel.innerHTML = options; sel.value = keep;
      if (sel.value !== keep) sel.value = "";
    });
    var tpl = document.getElementById("item-template");
    var holder = document.createElement("div"); holder.innerHTML = tpl.innerHTML;
    var tsel = holder.querySelector("select[name$='-purchase']");
    if (tsel) { tsel.innerHTML = options; tpl.innerHTML = holder.innerHTML; }
    document.querySelectorAll(".purchase-field").forEach(function (el) { el.classList.toggle("d-none", !list.length); });
  }
  function loadPurchases() {
    var id = picked();
    document.getElementById("new-customer-name").classList.toggle("d-none", !!id);
    if (!id) { fillPurchases([]); return; }
    fetch(form.dataset.purchasesUrl + "?customer=" + encodeURIComponent(id), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : {purchases: []}; })
      .then(function (data) { fillPurchases(data.purchases); });
  }
  var pending = Promise.resolve();
  function search() {
    var q = phone.value.replace(/[\s\-()]/g, "");
    if (q === asked) return pending;
    asked = q;
    if (!/^\+?\d{4,}$/.test(q) || (q.length > 4 && q.length < 7)) return Promise.resolve();
    pending = fetch(form.dataset.lookupUrl + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (q !== asked) return;
        matches.innerHTML = "";
        var full = q.length > 4;
        data.results.forEach(function (c) { matches.appendChild(radio(c, full && data.results.length === 1)); });
        hint.textContent = data.results.length ? (data.results.length > 1 || !full ? texts.pick : "") : texts.none;
        loadPurchases();
      });
    return pending;
  }
  // Keyboard and scanner: a scanner or a scale types its reading and presses Enter. Enter never sends
  // the half-filled intake; it moves on to the next field. Enter in the phone box searches at once and,
  // when one customer matches, picks them and moves on; several → the first choice gets the focus.
  function focusables() {
    return Array.prototype.filter.call(form.querySelectorAll("input, select, textarea, button"), function (el) {
      return el.type !== "hidden" && !el.disabled && el.tabIndex >= 0 && el.offsetParent !== null;
    });
  }
  function focusNext(el) {
    var list = focusables(), i = list.indexOf(el);
    if (i >= 0 && i + 1 < list.length) list[i + 1].focus();
  }
  function afterCustomer() {
    var radios = matches.querySelectorAll("input[name=customer]");
    if (radios.length > 1 && !picked()) { radios[0].focus(); return; }
    if (radios.length === 1) radios[0].checked = true;
    loadPurchases();
    var name = document.getElementById("id_customer_name");
    if (!picked() && name) { name.focus(); return; }
    document.getElementById("id_promised_date").focus();
  }
  phone.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    event.preventDefault();
    clearTimeout(timer);
    search().then(afterCustomer);
  });
  form.addEventListener("keydown", function (event) {
    var el = event.target;
    if (event.key !== "Enter" || event.defaultPrevented || el === phone) return;
    if (el.tagName === "TEXTAREA" || el.tagName === "BUTTON" || el.type === "submit" || el.type === "file") return;
    event.preventDefault();
    if (el.type === "checkbox" || el.type === "radio") el.click();
    focusNext(el);
  });
  phone.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 300); });
  phone.addEventListener("change", search);
  matches.addEventListener("change", loadPurchases);
  // Choosing the purchase: bought here, and what was bought fills the item's empty fields.
  document.getElementById("items").addEventListener("change", function (event) {
    var sel = event.target;
    if (!sel.name || !/-purchase$/.test(sel.name) || !known[sel.value]) return;
    var p = known[sel.value], prefix = sel.name.replace(/purchase$/, "");
    var set = function (name, value) {
      var el = document.querySelector('[name="' + prefix + name + '"]');
      if (el && !el.value && value && value !== "other") el.value = value;
    };
    set("category", p.category); set("material", p.material); set("description", p.item);
    var here = document.querySelector('[name="' + prefix + 'bought_here"]');
    if (here) here.checked = true;
  });
  document.addEventListener("customer:created", function (event) {
    var c = event.detail;
    matches.querySelectorAll("input[name=customer]").forEach(function (r) { r.checked = false; });
    matches.insertBefore(radio({id: c.id, name: c.name, masked_phone: c.masked_phone}, true), matches.firstChild);
    hint.textContent = "";
    if (!phone.value.trim()) phone.value = c.phone.replace(/^\+86/, "");
    asked = phone.value.replace(/[\s\-()]/g, "");
    loadPurchases();
  });
  var modal = document.getElementById("quick-create-modal");
  modal.addEventListener("show.bs.modal", function () {
    var field = document.querySelector("#quick-create-form [name=phone]");
    if (field && !field.value && phone.value.replace(/\D/g, "").length >= 7) field.value = phone.value;
  });
  modal.addEventListener("shown.bs.modal", function () {
    var name = document.querySelector("#quick-create-form [name=name]");
    if (name) name.focus();
  });
  if (picked()) document.getElementById("new-customer-name").classList.add("d-none");
})();
