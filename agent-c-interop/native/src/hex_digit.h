/* hex_digit.h - one ASCII hex digit's value, shared by the JSON reader and the collectors'
 * parsers (address text, audit sockaddr, NumberStyles.HexNumber). */
#ifndef SA_HEX_DIGIT_H
#define SA_HEX_DIGIT_H

/* hex_digit_value - the value (0..15) of c in 0-9, a-f, A-F, or -1 for any other byte. c is a
 * char or unsigned char; a negative (signed char) byte is simply not a digit. */
static inline int hex_digit_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

#endif
