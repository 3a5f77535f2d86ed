// The peers of an instance (cluster.js: what a server needs from the other servers) over Redis
// pub/sub, for instances on several machines (REDIS_URL, docs/scaling.md): an instance whose
// writes changed scores publishes on one channel; every other instance then looks at its
// leaderboards again and pushes the new top 10 to its WebSocket clients. The message carries
// nothing but the sender's id: the boards themselves are read from the store, so a lost message
// (Redis restarting) costs a late push, never a wrong one.
import { randomUUID } from 'node:crypto';

export const SCORES_CHANNEL = 'lw:{lw}:scores';

// publisher: the instance's command client (its failures are ignored: a push is best effort);
// subscriber: a client of its own (a subscribed Redis connection takes no other command), which
// ioredis subscribes again after a reconnection. local: the peers this instance has besides
// (its metrics: its own, or the sum over its --workers).
export function redisPeers({ publisher, subscriber, local, onError = () => {} }) {
  const id = randomUUID();
  const listeners = [];
  subscriber.subscribe(SCORES_CHANNEL).catch((error) => onError('subscribe', error));
  subscriber.on('message', (channel, sender) => {
    if (channel === SCORES_CHANNEL && sender !== id) for (const listener of listeners) listener();
  });
  return {
    announceListening: (details) => local.announceListening(details),
    publishScores() {
      local.publishScores();  // the other --workers of this instance, if any
      publisher.publish(SCORES_CHANNEL, id).catch((error) => onError('publish', error));
    },
    onScores(listener) {
      listeners.push(listener);
      local.onScores(listener);
    },
    metrics: () => local.metrics(),
    close() { subscriber.disconnect(); },
  };
}
