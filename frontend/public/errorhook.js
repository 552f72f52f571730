// Wails prints no JS console output on Linux: send uncaught errors to Go (App.ReportError),
// retrying until the bindings exist. Classic script, loaded before the app, so start-up errors are caught too.
(function () {
  var pending = []
  function flush() {
    var app = window.go && window.go.app && window.go.app.App
    if (!app) return setTimeout(flush, 50)
    while (pending.length) app.ReportError(pending.shift())
  }
  function report(msg) { pending.push(String(msg).slice(0, 4000)); flush() }
  window.glossReportError = report
  window.addEventListener('error', function (e) {
    report((e.message || 'error') + ' @' + (e.filename || '') + ':' + (e.lineno || 0) + (e.error && e.error.stack ? '\n' + e.error.stack : ''))
  })
  window.addEventListener('unhandledrejection', function (e) {
    var r = e.reason
    report('unhandled rejection: ' + (r && r.stack ? r.stack : r))
  })
})()
