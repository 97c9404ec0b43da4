#!/usr/bin/env bash
# The README walkthrough's queue, against a server on localhost:8080 started with
# LIVECHAT_BOOTSTRAP_ADMIN=admin:change-me-now (or name the admin in LIVECHAT_ADMIN=name:password).
set -euo pipefail
API=${API:-http://localhost:8080/api}
ADMIN=${LIVECHAT_ADMIN:-admin:change-me-now}
json=(-H 'Content-Type: application/json')
field() { sed -E "s/.*\"$1\":\"([^\"]+)\".*/\1/"; }
signin() { curl -s -X POST $API/auth/token "${json[@]}" -d "{\"username\": \"$1\", \"password\": \"$2\"}" | field accessToken; }
as() { echo "Authorization: Bearer $1"; }
start() {
  local visitor
  visitor=$(curl -s -X POST $API/visitor-sessions "${json[@]}" -d '{}' | field accessToken)
  curl -s -X POST $API/conversations -H "$(as $visitor)" "${json[@]}" \
       -d '{"topic": "Where is my parcel?", "skill": "orders"}' | field conversationId
}

# The admin creates the staff accounts (an account that exists already is left as it is: 409).
ADMIN_TOKEN=$(signin "${ADMIN%%:*}" "${ADMIN#*:}")
for account in 'sam supervisor' 'cleo agent'; do
  set -- $account
  curl -s -o /dev/null -X POST $API/staff -H "$(as $ADMIN_TOKEN)" "${json[@]}" \
       -d "{\"username\": \"$1\", \"password\": \"$1-password-1\", \"roles\": [\"$2\"]}"
done
SAM=$(signin sam sam-password-1); CLEO=$(signin cleo cleo-password-1)

# Nobody who handles orders is online: three visitors wait, in this order.
FIRST=$(start); SECOND=$(start); THIRD=$(start)
echo "waiting: $FIRST $SECOND $THIRD"

# Cleo (capacity 2) comes online and receives the first two, first in first out.
curl -s -X POST $API/agents -H "$(as $SAM)" "${json[@]}" \
     -d '{"agentId": "cleo", "name": "Cleo", "skills": ["orders"], "capacity": 2}'; echo
curl -s -X PUT $API/agents/cleo/status -H "$(as $CLEO)" "${json[@]}" -d '{"status": "ONLINE"}'; echo
sleep 1
curl -s $API/agents/cleo -H "$(as $SAM)"; echo

# Her capacity is full; closing the first conversation lets the third one in.
curl -s -X POST $API/conversations/$FIRST/close -H "$(as $CLEO)" "${json[@]}" -d '{"reason": "delivered"}'; echo
sleep 1
curl -s $API/agents/cleo -H "$(as $SAM)"; echo
