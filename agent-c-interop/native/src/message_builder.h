/* message_builder.h - builds messages from the queues (docs/core-rules.md section 5). */
#ifndef SA_MESSAGE_BUILDER_H
#define SA_MESSAGE_BUILDER_H

struct sa_agent;

/* message_builder_build - builds one message on path q (SA_QUEUE_HIGH or SA_QUEUE_LOW) and
 * appends it to the agent's ready messages. Returns 1 if a message was built, 0 if there was
 * nothing to send, -1 if memory ran out (the events stay queued). */
int message_builder_build(struct sa_agent *agent, int q);

#endif
