/* text_scan.h - the text primitives the collectors parse with, matching what the C# collectors
 * use (.NET's white space, line breaks and integer styles) so that both agents read the same
 * bytes the same way. Byte spans, no NUL needed. */
#ifndef SA_TEXT_SCAN_H
#define SA_TEXT_SCAN_H

#include <stddef.h>
#include <stdint.h>

/* How a text is cut into lines. */
typedef enum text_lines {
    TEXT_LINES_LF,        /* string.Split('\n') */
    TEXT_LINES_READLINES, /* File.ReadLines: \r, \n, \r\n */
    TEXT_LINES_ENUMERATE  /* MemoryExtensions.EnumerateLines: \r, \n, \r\n, \f, U+0085, U+2028, U+2029 */
} text_lines_t;

/* text_next_line - the next line of text[*position..length) into [*start, *end); advances
 * *position past its break. Returns 0 when nothing is left (a break at the very end ends the
 * text: no empty last line). */
int text_next_line(const char *text, size_t length, size_t *position, size_t *start, size_t *end, text_lines_t mode);

/* text_trim - narrows [*start, *end) of text by .NET's white space (char.IsWhiteSpace, UTF-8). */
void text_trim(const char *text, size_t *start, size_t *end);

/* text_is_white - whether text[start..end) is all .NET white space (or empty). */
int text_is_white(const char *text, size_t start, size_t end);

/* text_parse_decimal - NumberStyles.None: ASCII digits only, at least one, at most maximum.
 * Returns 1 and *value, or 0. */
int text_parse_decimal(const char *text, size_t length, uint64_t maximum, uint64_t *value);

/* text_parse_hex - NumberStyles.HexNumber into 32 bits: optional white space (\t..\r, space)
 * around hex digits, at most 8 significant digits. Returns 1 and *value, or 0. */
int text_parse_hex32(const char *text, size_t length, uint32_t *value);

/* text_equals - whether text[0..length) is the NUL-terminated word. */
int text_equals(const char *text, size_t length, const char *word);

#endif
