/* address_parse.c - IPAddress.TryParse's grammar over bytes (see address_parse.h). The checks
 * follow .NET's order, including what it tolerates (a port after "[...]", a scope of any text,
 * a leading 0 on an embedded IPv4 part), since every difference would change an event. */
#include "address_parse.h"

#include <string.h>

#include "hex_digit.h"

#define INVALID (-1)

/* IPv4 in the non-canonical forms; the value, or INVALID. Stops at the end, or accepts a
 * terminator ('/', '\\', ':', '?', '#') and reports where in *end. */
static int64_t ipv4_non_canonical(const char *s, size_t length, size_t *end)
{
    uint32_t parts[4] = { 0 };
    int64_t value = 0;
    int at_least_one = 0, dots = 0;
    size_t i;
    char c = 0;
    for (i = 0; i < length; i++) {
        int base = 10;
        char highest = '9';
        c = s[i];
        value = 0;
        if (c == '0') {
            i++;
            at_least_one = 1;
            if (i < length) {
                c = s[i];
                if (c == 'x' || c == 'X') {
                    base = 16;
                    i++;
                    at_least_one = 0;
                } else {
                    base = 8;
                    highest = '7';
                }
            }
        }
        for (; i < length; i++) {
            int digit;
            c = s[i];
            if (c >= '0' && c <= highest)
                digit = c - '0';
            else if (base == 16 && (digit = hex_digit_value(c)) >= 0)
                ;
            else
                break;
            value = value * base + digit;
            if (value > (int64_t)UINT32_MAX)
                return INVALID;
            at_least_one = 1;
        }
        if (c == '.') {
            if (dots >= 3 || !at_least_one || value > 0xFF)
                return INVALID;
            parts[dots++] = (uint32_t)value;
            at_least_one = 0;
            continue;
        }
        break;
    }
    if (!at_least_one)
        return INVALID;
    if (i < length && s[i] != '/' && s[i] != '\\' && s[i] != ':' && s[i] != '?' && s[i] != '#')
        return INVALID;
    parts[dots] = (uint32_t)value;
    *end = i;
    static const uint32_t last_maximum[4] = { UINT32_MAX, 0xFFFFFF, 0xFFFF, 0xFF };
    if (parts[dots] > last_maximum[dots])
        return INVALID;
    uint32_t address = parts[dots];
    for (int p = 0; p < dots; p++)
        address |= parts[p] << (24 - 8 * p);
    return address;
}

/* The dotted IPv4 tail of an IPv6 address: exactly four decimal parts of at most 255, no "00"
 * prefix, no leading zero before a non-zero part but the last; ends at '%', '/' or ']'.
 * Returns 1 and where it ended in *end. */
static int ipv4_canonical(const char *s, size_t start, size_t *end)
{
    int dots = 0, number = 0, have_number = 0, first_is_zero = 0;
    size_t i = start;
    for (; i < *end; i++) {
        char c = s[i];
        if (c == '%' || c == '/' || c == ']')
            break;
        if (c >= '0' && c <= '9') {
            if (!have_number && c == '0') {
                if (i + 1 < *end && s[i + 1] == '0')
                    return 0;
                first_is_zero = 1;
            }
            have_number = 1;
            number = number * 10 + (c - '0');
            if (number > 255)
                return 0;
        } else if (c == '.') {
            if (!have_number || (number > 0 && first_is_zero))
                return 0;
            dots++;
            have_number = 0;
            number = 0;
            first_is_zero = 0;
        } else {
            return 0;
        }
    }
    if (dots != 3 || !have_number)
        return 0;
    *end = i;
    return 1;
}

/* Whether s is an IPv6 address as .NET's strict check has it. */
static int ipv6_is_valid(const char *s, size_t length)
{
    int sequences = 0, sequence_length = 0, compressor = 0, have_ipv4 = 0, expecting_number = 1;
    int needs_bracket = 0;
    size_t last_sequence = 1, start = 0;
    if (length > 0 && s[0] == '[') {
        start = 1;
        needs_bracket = 1;
    }
    if (start >= length || (s[start] == ':' && (start + 1 >= length || s[start + 1] != ':')))
        return 0;
    for (size_t i = start; i < length; i++) {
        if (hex_digit_value(s[i]) >= 0) {
            sequence_length++;
            expecting_number = 0;
            continue;
        }
        if (sequence_length > 4)
            return 0;
        if (sequence_length != 0) {
            sequences++;
            last_sequence = i - (size_t)sequence_length;
            sequence_length = 0;
        }
        if (s[i] == '%') {
            /* the scope: anything up to ']' or '/' or the end */
            int stopped = 0;
            while (i + 1 < length) {
                i++;
                if (s[i] == ']' || s[i] == '/') {
                    stopped = 1;
                    break;
                }
            }
            if (!stopped)
                continue;
        }
        if (s[i] == ']') {
            if (!needs_bracket)
                return 0;
            needs_bracket = 0;
            if (i + 1 < length && s[i + 1] != ':')
                return 0;
            /* a port: decimal, or hex after 0x; checked, not used */
            i += 2;
            if (i + 1 < length && s[i] == '0' && (s[i + 1] | 0x20) == 'x') {
                for (i += 2; i < length; i++)
                    if (hex_digit_value(s[i]) < 0)
                        return 0;
            } else {
                for (; i < length; i++)
                    if (s[i] < '0' || s[i] > '9')
                        return 0;
            }
            continue;
        }
        if (s[i] == '/')
            return 0;
        if (s[i] == ':') {
            if (i > 0 && s[i - 1] == ':') {
                if (compressor)
                    return 0;
                compressor = 1;
                expecting_number = 0;
            } else {
                expecting_number = 1;
            }
            sequence_length = 0;
            continue;
        }
        if (s[i] == '.') {
            if (have_ipv4)
                return 0;
            size_t end = length;
            if (!ipv4_canonical(s, last_sequence, &end))
                return 0;
            sequences++; /* the IPv4 tail fills two groups; one was counted at the '.' */
            last_sequence = end - (size_t)sequence_length;
            sequence_length = 0;
            have_ipv4 = 1;
            i = end - 1;
            continue;
        }
        return 0;
    }
    if (sequence_length != 0) {
        if (sequence_length > 4)
            return 0;
        sequences++;
    }
    return !expecting_number && (compressor ? sequences < 8 : sequences == 8) && !needs_bracket;
}

/* Four decimal parts up to '.' or ':' (the tail already checked). */
static uint32_t ipv4_host_number(const char *s, size_t length)
{
    uint32_t address = 0;
    size_t at = 0;
    for (int part = 0; part < 4; part++) {
        int b = 0;
        for (; at < length && s[at] != '.' && s[at] != ':'; at++)
            b = b * 10 + s[at] - '0';
        address = address << 8 | (uint8_t)b;
        at++;
    }
    return address;
}

/* The groups of a valid IPv6 address, as .NET's parse (the scope and port are skipped). */
static void ipv6_parse(const char *s, size_t length, uint16_t numbers[8])
{
    uint16_t number = 0;
    int index = 0, compressor_index = -1, number_is_valid = 1;
    const char *bracket = memchr(s, ']', length);
    size_t end = bracket == NULL ? length : (size_t)(bracket - s);
    int has_dot = memchr(s, '.', length) != NULL;
    memset(numbers, 0, 8 * sizeof numbers[0]);
    for (size_t i = s[0] == '[' ? 1 : 0; i < end && index < 8;) {
        if (s[i] == '%' || s[i] == '/') {
            if (number_is_valid) {
                numbers[index++] = number;
                number_is_valid = 0;
            }
            if (s[i] == '%')
                for (++i; i < length && s[i] != ']' && s[i] != '/'; ++i)
                    ;
            for (; i < length && s[i] != ']'; ++i)
                ;
        } else if (s[i] == ':') {
            numbers[index++] = number;
            number = 0;
            ++i;
            if (i < length && s[i] == ':') {
                compressor_index = index;
                ++i;
            } else if (compressor_index < 0 && index < 6) {
                continue;
            } else if (!has_dot) {
                continue;
            }
            for (size_t j = i; j < length && s[j] != ']' && s[j] != ':' && s[j] != '%' && s[j] != '/' && j < i + 4; ++j) {
                if (s[j] == '.') {
                    while (j < length && s[j] != ']' && s[j] != '/' && s[j] != '%')
                        ++j;
                    uint32_t v4 = ipv4_host_number(s + i, j - i);
                    if (index < 8)
                        numbers[index++] = (uint16_t)(v4 >> 16);
                    if (index < 8)
                        numbers[index++] = (uint16_t)(v4 & 0xFFFF);
                    i = j;
                    number = 0;
                    number_is_valid = 0;
                    break;
                }
            }
        } else {
            number = (uint16_t)(number * 16 + hex_digit_value(s[i++]));
        }
    }
    if (number_is_valid && index < 8)
        numbers[index++] = number;
    if (compressor_index > 0 && index != 8) {
        int to = 7, from = index - 1;
        for (int k = index - compressor_index; k > 0; --k) {
            numbers[to--] = numbers[from];
            numbers[from--] = 0;
        }
    }
}

size_t address_parse(const char *text, size_t length, uint8_t bytes[16])
{
    if (memchr(text, ':', length) != NULL) {
        uint16_t numbers[8];
        if (!ipv6_is_valid(text, length))
            return 0;
        ipv6_parse(text, length, numbers);
        for (int i = 0; i < 8; i++) {
            bytes[2 * i] = (uint8_t)(numbers[i] >> 8);
            bytes[2 * i + 1] = (uint8_t)numbers[i];
        }
        return 16;
    }
    size_t end = 0;
    int64_t value = ipv4_non_canonical(text, length, &end);
    if (value == INVALID || end != length)
        return 0;
    for (int i = 0; i < 4; i++)
        bytes[i] = (uint8_t)((uint64_t)value >> (24 - 8 * i));
    return 4;
}
