#!/usr/bin/env bash
# The README walkthrough's full support chat, against a server on localhost:8080.
set -euo pipefail
API=${API:-http://localhost:8080/api}
json=(-H 'Content-Type: application/json')

# A supervisor registers two billing agents; they come online, Ada first.
curl -s -X POST $API/agents -H 'X-Actor: supervisor:sam' "${json[@]}" \
     -d '{"agentId": "ada", "name": "Ada", "skills": ["billing"], "capacity": 3}'; echo
curl -s -X POST $API/agents -H 'X-Actor: supervisor:sam' "${json[@]}" \
     -d '{"agentId": "bob", "name": "Bob", "skills": ["billing", "refunds"], "capacity": 3}'; echo
curl -s -X PUT $API/agents/ada/status -H 'X-Actor: agent:ada' "${json[@]}" -d '{"status": "ONLINE"}'; echo
curl -s -X PUT $API/agents/bob/status -H 'X-Actor: agent:bob' "${json[@]}" -d '{"status": "ONLINE"}'; echo

# A visitor starts a conversation needing billing; routing gives it to the idle agent idle longest: Ada.
ID=$(curl -s -X POST $API/conversations -H 'X-Actor: visitor:v1' "${json[@]}" \
     -d '{"topic": "Charged twice for order 4711", "skill": "billing"}' | sed -E 's/.*"conversationId":"([^"]+)".*/\1/')
echo "conversation $ID"
sleep 1
curl -s $API/conversations/$ID -H 'X-Actor: visitor:v1'; echo

# They chat; Ada leaves an internal note the visitor never sees.
curl -s -X POST $API/conversations/$ID/messages -H 'X-Actor: visitor:v1' "${json[@]}" \
     -d '{"clientMessageId": "v-1", "text": "I was charged twice for order 4711."}'; echo
curl -s -X POST $API/conversations/$ID/messages -H 'X-Actor: agent:ada' "${json[@]}" \
     -d '{"clientMessageId": "a-1", "text": "Sorry about that! Let me check."}'; echo
curl -s -X POST $API/conversations/$ID/messages -H 'X-Actor: agent:ada' "${json[@]}" \
     -d '{"clientMessageId": "a-2", "text": "Duplicate capture confirmed; refunds are Bob'"'"'s.", "internal": true}'; echo

# Ada transfers to Bob, who finishes the job; the visitor closes and rates.
curl -s -X POST $API/conversations/$ID/transfer -H 'X-Actor: agent:ada' "${json[@]}" \
     -d '{"agentId": "bob", "reason": "refund needed"}'; echo
curl -s -X POST $API/conversations/$ID/messages -H 'X-Actor: agent:bob' "${json[@]}" \
     -d '{"clientMessageId": "b-1", "text": "Hi, Bob here: the duplicate charge is refunded."}'; echo
curl -s -X POST $API/conversations/$ID/close -H 'X-Actor: visitor:v1' "${json[@]}" -d '{"reason": "solved"}'; echo
curl -s -X POST $API/conversations/$ID/rating -H 'X-Actor: visitor:v1' "${json[@]}" \
     -d '{"score": 5, "comment": "Quick and kind"}'; echo
sleep 1

# What the visitor's transcript shows (no internal note), and Bob's load back at zero.
curl -s "$API/conversations/$ID/transcript" -H 'X-Actor: visitor:v1'; echo
curl -s $API/agents/bob -H 'X-Actor: supervisor:sam'; echo
