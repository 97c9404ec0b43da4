#!/usr/bin/env bash
# The README walkthrough's queue, against a server on localhost:8080.
set -euo pipefail
API=${API:-http://localhost:8080/api}
json=(-H 'Content-Type: application/json')
start() {
  curl -s -X POST $API/conversations -H "X-Actor: visitor:$1" "${json[@]}" \
       -d '{"topic": "Where is my parcel?", "skill": "orders"}' | sed -E 's/.*"conversationId":"([^"]+)".*/\1/'
}

# Nobody who handles orders is online: three visitors wait, in this order.
FIRST=$(start w1); SECOND=$(start w2); THIRD=$(start w3)
echo "waiting: $FIRST $SECOND $THIRD"

# Cleo (capacity 2) comes online and receives the first two, first in first out.
curl -s -X POST $API/agents -H 'X-Actor: supervisor:sam' "${json[@]}" \
     -d '{"agentId": "cleo", "name": "Cleo", "skills": ["orders"], "capacity": 2}'; echo
curl -s -X PUT $API/agents/cleo/status -H 'X-Actor: agent:cleo' "${json[@]}" -d '{"status": "ONLINE"}'; echo
sleep 1
curl -s $API/agents/cleo -H 'X-Actor: supervisor:sam'; echo

# Her capacity is full; closing the first conversation lets the third one in.
curl -s -X POST $API/conversations/$FIRST/close -H 'X-Actor: agent:cleo' "${json[@]}" -d '{"reason": "delivered"}'; echo
sleep 1
curl -s $API/agents/cleo -H 'X-Actor: supervisor:sam'; echo
