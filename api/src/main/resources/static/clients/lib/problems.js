// What a person reads when the server refuses something: every refusal is an RFC 7807 problem whose `rule` names
// what was broken; the rules a chat screen meets get a sentence of their own, any other one the server's detail.

const MESSAGES = {
  'network': 'The chat server cannot be reached. We keep trying.',
  'rate-limited': 'That was a lot at once. We try again in a moment.',
  'server-stopping': 'The chat server is restarting. We try again in a moment.',
  'server-busy': 'The chat server is busy. We try again in a moment.',
  'event-store-unavailable': 'The chat server cannot save right now. We try again in a moment.',
  'read-model-unavailable': 'The chat server cannot read right now. We try again in a moment.',
  'read-model-catching-up': 'The chat is still being set up. We try again in a moment.',
  'internal-error': 'Something went wrong on the chat server. We try again in a moment.',
  'authentication-required': 'Please sign in again.',
  'token-invalid': 'Your sign-in has expired. Please sign in again.',
  'account-disabled': 'This account is disabled. Ask an administrator.',
  'login-failed': 'The username or the password is wrong.',
  'cross-origin-refused': 'This website is not set up to use the chat.',
  'site-unknown': 'This website is not set up to use the chat.',
  'site-origin': 'This website is not set up to use the chat.',
  'visitor-signature-invalid': 'We could not confirm who you are. Please reload the page.',
  'conversation-not-found': 'This chat no longer exists.',
  'conversation-open': 'This chat has ended.',
  'conversation-closed': 'This chat is still open.',
  'participants-only': 'Only the people in this chat can do that.',
  'forbidden': 'You may not do that.',
  'message-text-length': 'A message is 1 to 4000 characters long.',
  'attachment-limits': 'Attach at most 10 files: pictures (PNG, JPEG, GIF, WebP), PDF or text, up to 25 MB each.',
  'text-characters': 'The message holds characters that cannot be sent.',
  'topic-length': 'Please describe what you need help with in 1 to 200 characters.',
  'rating-score-range': 'Choose from 1 to 5 stars.',
  'rating-after-close': 'You can rate the chat once it has ended.',
  'one-rating-per-period': 'You have rated this chat already. Thank you!',
  'reason-length': 'A comment is at most 1000 characters long.',
  'agent-status': 'Choose online, away or offline.',
  'agent-not-found': 'This account is not registered as an agent yet; a supervisor registers it.',
  'agent-online': 'That colleague is not online.',
  'agent-capacity': 'That colleague has no free seat.',
  'agent-has-skill': 'That colleague lacks the skill this chat needs.',
  'agent-already-assigned': 'That colleague has this chat already.',
  'transfer-by-assignee-or-supervisor': 'Only the agent who holds this chat can transfer it.',
  'canned-response-exists': 'There is no canned response with that key.',
  'canned-responses-by-agents': 'Only agents send canned responses.',
  'internal-notes-agents-only': 'Only the agent who holds this chat writes notes in it.',
  'tag-format': 'A tag is 1 to 40 lowercase letters, digits or "-".',
  'tags-by-agents-and-supervisors': 'Only agents and supervisors tag chats.',
  'staff-only': 'This is for staff only.',
};

/** The sentence to show for a refusal with `rule`; `detail` is the server's own words, shown for other rules. */
export function humanMessage(rule, detail) {
  return MESSAGES[rule] ?? detail ?? `The chat server refused this (${rule}).`;
}
