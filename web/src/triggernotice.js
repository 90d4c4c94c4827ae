// A trigger's notice (docs/automation.md, "Triggers"): a notice event of
// the server, {"type":"notice","trigger":"panic","text":"…","time":"…"},
// shown in the port's pane as a dismissable notice.

// triggerNoticeText is what the pane shows for a notice event of port.
export function triggerNoticeText(port, msg) {
  const t = new Date(msg.time);
  const at = Number.isNaN(t.getTime()) ? '' : ` (${t.toLocaleTimeString()})`;
  return `${port}: ${msg.text} [trigger ${msg.trigger}]${at}`;
}
