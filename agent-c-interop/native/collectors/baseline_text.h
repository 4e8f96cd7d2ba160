/* baseline_text.h - the .NET text rules OSBaseline's C# code relies on, over byte spans:
 * StringComparison.OrdinalIgnoreCase and long.TryParse(NumberStyles.AllowLeadingSign). */
#ifndef SA_BASELINE_TEXT_H
#define SA_BASELINE_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* baseline_equals_ignore_case - OrdinalIgnoreCase for ASCII letters; other bytes compare as
 * they are (non-ASCII letters differing only in case are unequal here: docs/c-daemon.md). */
int baseline_equals_ignore_case(const char *a, size_t a_length, const char *b, size_t b_length);

/* baseline_parse_long - long.TryParse(text, NumberStyles.AllowLeadingSign, invariant): an
 * optional + or -, then ASCII digits, then (a .NET quirk) only NULs; no white space; fits
 * int64. Returns 1 and *value, or 0. */
int baseline_parse_long(const char *text, size_t length, int64_t *value);

#endif
