/* message_id.h - random UUID v4 message ids ($.mid), lower-case 8-4-4-4-12. */
#ifndef SA_MESSAGE_ID_H
#define SA_MESSAGE_ID_H

/* message_id_create - writes a new id (36 characters and a NUL) to out; returns 0, or -1 when
 * the kernel's random source fails. */
int message_id_create(char out[37]);

#endif
