// Runs first: records what went wrong while the page opened (script errors, console errors, anything the
// Content-Security-Policy blocked from loading) on <html data-*>, and how long opening took, so a browser test
// (or a curious reader, in the inspector) can see it. A report loads nothing: every blocked load is a bug.
(function () {
  var r = { errors: [], blocked: [] };
  window.__report = r;
  var root = document.documentElement;
  function note() {
    root.setAttribute("data-errors", JSON.stringify(r.errors));
    root.setAttribute("data-blocked", JSON.stringify(r.blocked));
  }
  addEventListener("error", function (e) {
    r.errors.push(String(e.message || (e.target && e.target.outerHTML) || "error"));
    note();
  }, true);
  addEventListener("unhandledrejection", function (e) { r.errors.push("unhandled rejection: " + e.reason); note(); });
  document.addEventListener("securitypolicyviolation", function (e) {
    r.blocked.push(e.violatedDirective + " " + e.blockedURI);
    note();
  });
  var error = console.error;
  console.error = function () {
    r.errors.push(Array.prototype.join.call(arguments, " "));
    note();
    return error.apply(console, arguments);
  };
  addEventListener("load", function () {
    void document.body.offsetHeight;  // lay the page out: "opened" means parsed, scripted and laid out
    root.setAttribute("data-resources", String(performance.getEntriesByType("resource").length));
    root.setAttribute("data-open-ms", performance.now().toFixed(0));
    note();
  });
  note();
})();
