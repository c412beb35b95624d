// Records every CSP violation on this page (a classic script: it runs before the widgets' modules).
// securitypolicyviolation is composed, so violations inside the widgets' shadow roots reach the document.
window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.violations.push(`${e.effectiveDirective} (${e.disposition}): ${e.blockedURI} ${e.sample} at ${e.sourceFile}:${e.lineNumber}`);
});
