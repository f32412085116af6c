// Coach's own few lines of script: everything else is htmx, and every page works without both.
(function () {
  // a form marked data-reset clears after a successful htmx post (a saved note, an asked question)
  document.addEventListener("htmx:afterRequest", function (e) {
    var form = e.detail.elt;
    if (e.detail.successful && form && form.matches && form.matches("form[data-reset]")) {
      form.querySelectorAll("textarea, input[type=text], input:not([type])").forEach(function (f) { f.value = ""; });
      var box = form.querySelector("input[type=checkbox]");
      if (box) box.checked = box.defaultChecked;
    }
  });
  // a refusal (422, 403, 404) is said in place of silence
  document.addEventListener("htmx:responseError", function (e) {
    var flash = document.getElementById("flash");
    if (!flash) return;
    var text = e.detail.xhr.status === 403 ? "This page is out of date: reload it and try again."
      : (e.detail.xhr.getResponseHeader("content-type") || "").indexOf("text/plain") === 0 ? e.detail.xhr.responseText
      : "That did not work (" + e.detail.xhr.status + ").";
    flash.innerHTML = "";
    var p = document.createElement("p");
    p.className = "alert";
    p.textContent = text;
    flash.appendChild(p);
    setTimeout(function () { flash.innerHTML = ""; }, 8000);
  });
})();
