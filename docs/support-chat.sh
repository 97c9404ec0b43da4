#!/usr/bin/env bash
# The README walkthrough's full support chat, against a server on localhost:8080 started with
# LIVECHAT_BOOTSTRAP_ADMIN=admin:change-me-now (or name the admin in LIVECHAT_ADMIN=name:password).
set -euo pipefail
API=${API:-http://localhost:8080/api}
ADMIN=${LIVECHAT_ADMIN:-admin:change-me-now}
json=(-H 'Content-Type: application/json')
field() { sed -E "s/.*\"$1\":\"([^\"]+)\".*/\1/"; }
signin() { curl -s -X POST $API/auth/token "${json[@]}" -d "{\"username\": \"$1\", \"password\": \"$2\"}" | field accessToken; }
as() { echo "Authorization: Bearer $1"; }

# The admin creates the staff accounts (an account that exists already is left as it is: 409).
ADMIN_TOKEN=$(signin "${ADMIN%%:*}" "${ADMIN#*:}")
for account in 'sam supervisor' 'ada agent' 'bob agent'; do
  set -- $account
  curl -s -o /dev/null -X POST $API/staff -H "$(as $ADMIN_TOKEN)" "${json[@]}" \
       -d "{\"username\": \"$1\", \"password\": \"$1-password-1\", \"roles\": [\"$2\"]}"
done
SAM=$(signin sam sam-password-1); ADA=$(signin ada ada-password-1); BOB=$(signin bob bob-password-1)

# A supervisor registers two billing agents; they come online, Ada first.
curl -s -X POST $API/agents -H "$(as $SAM)" "${json[@]}" \
     -d '{"agentId": "ada", "name": "Ada", "skills": ["billing"], "capacity": 3}'; echo
curl -s -X POST $API/agents -H "$(as $SAM)" "${json[@]}" \
     -d '{"agentId": "bob", "name": "Bob", "skills": ["billing", "refunds"], "capacity": 3}'; echo
curl -s -X PUT $API/agents/ada/status -H "$(as $ADA)" "${json[@]}" -d '{"status": "ONLINE"}'; echo
curl -s -X PUT $API/agents/bob/status -H "$(as $BOB)" "${json[@]}" -d '{"status": "ONLINE"}'; echo

# A visitor gets a session and starts a conversation needing billing; routing gives it to the agent idle longest: Ada.
VISITOR=$(curl -s -X POST $API/visitor-sessions "${json[@]}" -d '{}' | field accessToken)
ID=$(curl -s -X POST $API/conversations -H "$(as $VISITOR)" "${json[@]}" \
     -d '{"topic": "Charged twice for order 4711", "skill": "billing"}' | field conversationId)
echo "conversation $ID"
sleep 1
curl -s $API/conversations/$ID -H "$(as $VISITOR)"; echo

# They chat; Ada leaves an internal note the visitor never sees.
curl -s -X POST $API/conversations/$ID/messages -H "$(as $VISITOR)" "${json[@]}" \
     -d '{"clientMessageId": "v-1", "text": "I was charged twice for order 4711."}'; echo
curl -s -X POST $API/conversations/$ID/messages -H "$(as $ADA)" "${json[@]}" \
     -d '{"clientMessageId": "a-1", "text": "Sorry about that! Let me check."}'; echo
curl -s -X POST $API/conversations/$ID/messages -H "$(as $ADA)" "${json[@]}" \
     -d '{"clientMessageId": "a-2", "text": "Duplicate capture confirmed; refunds are Bob'"'"'s.", "internal": true}'; echo

# Ada transfers to Bob, who finishes the job; the visitor closes and rates.
curl -s -X POST $API/conversations/$ID/transfer -H "$(as $ADA)" "${json[@]}" \
     -d '{"agentId": "bob", "reason": "refund needed"}'; echo
curl -s -X POST $API/conversations/$ID/messages -H "$(as $BOB)" "${json[@]}" \
     -d '{"clientMessageId": "b-1", "text": "Hi, Bob here: the duplicate charge is refunded."}'; echo
curl -s -X POST $API/conversations/$ID/close -H "$(as $VISITOR)" "${json[@]}" -d '{"reason": "solved"}'; echo
curl -s -X POST $API/conversations/$ID/rating -H "$(as $VISITOR)" "${json[@]}" \
     -d '{"score": 5, "comment": "Quick and kind"}'; echo
sleep 1

# What the visitor's transcript shows (no internal note), and Bob's load back at zero.
curl -s "$API/conversations/$ID/transcript" -H "$(as $VISITOR)"; echo
curl -s $API/agents/bob -H "$(as $SAM)"; echo
