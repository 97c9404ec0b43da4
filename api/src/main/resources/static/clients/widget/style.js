// The widget's styles, inside its shadow root: the host page's styles do not reach in, and these do not leak out.
export default `
:host { all: initial; position: fixed; right: 16px; bottom: 16px; z-index: 2147483000;
  font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d232b; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
button, input, textarea { font: inherit; }
button { cursor: pointer; border-radius: 8px; border: 1px solid #1a56b0; background: #1a56b0; color: #fff;
  padding: 8px 14px; }
button.secondary { background: #fff; color: #1a56b0; }
button.link { background: none; border: none; color: inherit; text-decoration: underline; padding: 0 4px; }
button:focus-visible, input:focus-visible, textarea:focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
.launcher { border-radius: 24px; padding: 12px 20px; box-shadow: 0 4px 12px rgba(0,0,0,.25); }
.panel { width: min(380px, calc(100vw - 32px)); height: min(560px, calc(100vh - 96px)); background: #fff;
  border-radius: 12px; box-shadow: 0 8px 28px rgba(0,0,0,.3); display: flex; flex-direction: column;
  overflow: hidden; margin-bottom: 12px; }
header { background: #1a56b0; color: #fff; padding: 10px 14px; display: flex; align-items: center; gap: 8px; }
header h2 { font-size: 16px; margin: 0; flex: 1; }
header button { background: transparent; border-color: #fff; padding: 4px 10px; }
.state { font-size: 13px; padding: 6px 14px; background: #eef3fb; margin: 0; }
.body { flex: 1; overflow-y: auto; padding: 12px 14px; }
form.start, form.rating { display: flex; flex-direction: column; gap: 8px; }
label { font-weight: 600; font-size: 14px; }
input[type=text], textarea { width: 100%; border: 1px solid #8a96a3; border-radius: 8px; padding: 8px; }
ol.log { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
.message { max-width: 85%; padding: 6px 10px; border-radius: 10px; background: #eef1f4; align-self: flex-start; }
.message.mine { background: #dbe8fb; align-self: flex-end; }
.message.pending { opacity: .75; border: 1px dashed #1a56b0; }
.message p { margin: 2px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.who { font-size: 12px; font-weight: 600; color: #44505c; }
.meta { display: block; font-size: 12px; color: #44505c; text-align: right; }
.files { margin: 2px 0; padding: 0; list-style: none; font-size: 13px; }
.removed { font-style: italic; color: #5c6670; }
.typing { min-height: 20px; font-size: 13px; font-style: italic; color: #44505c; margin: 0 14px; }
.error { color: #a4000f; font-size: 13px; margin: 0 14px; }
.error:empty { display: none; }
form.composer { border-top: 1px solid #d5dbe1; padding: 8px 10px; display: grid; gap: 6px;
  grid-template-columns: 1fr auto; }
form.composer textarea { grid-column: 1 / -1; resize: none; height: 56px; }
.attach { font-size: 13px; display: flex; align-items: center; gap: 6px; flex-wrap: wrap; }
.attach input { font-size: 12px; max-width: 190px; }
.chosen { grid-column: 1 / -1; font-size: 13px; margin: 0; padding: 0; list-style: none; }
fieldset { border: 0; padding: 0; margin: 0; }
legend { font-weight: 600; margin-bottom: 6px; }
.stars { display: flex; gap: 6px; }
.stars label { font-weight: normal; display: flex; align-items: center; gap: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
`;
