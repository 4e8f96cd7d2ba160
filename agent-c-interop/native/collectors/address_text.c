/* address_text.c - canonical address text (see address_text.h). */
#include "address_text.h"

#include <stdio.h>

static int embeds_ipv4(const uint16_t w[8])
{
    if (w[0] == 0 && w[1] == 0 && w[2] == 0 && w[3] == 0 && w[6] != 0) {
        if (w[4] == 0 && (w[5] == 0 || w[5] == 0xFFFF))
            return 1;
        if (w[4] == 0xFFFF && w[5] == 0)
            return 1;
    }
    return w[4] == 0 && w[5] == 0x5EFE;
}

size_t address_text_format(const uint8_t *b, size_t size, char text[ADDRESS_TEXT_MAX])
{
    int n = 0;
    if (size == 4) {
        n = snprintf(text, ADDRESS_TEXT_MAX, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
        return (size_t)n;
    }
    if (size != 16)
        return 0;
    uint16_t w[8];
    for (int i = 0; i < 8; i++)
        w[i] = (uint16_t)((b[2 * i] << 8) | b[2 * i + 1]);
    int embedded = embeds_ipv4(w), words = embedded ? 6 : 8;
    int best = -1, best_length = 0;
    for (int i = 0; i < words;) {
        if (w[i] != 0) {
            i++;
            continue;
        }
        int j = i;
        while (j < words && w[j] == 0)
            j++;
        if (j - i > best_length) {
            best = i;
            best_length = j - i;
        }
        i = j;
    }
    if (best_length < 2)
        best = -1;
    for (int i = 0; i < words; i++) {
        if (i == best) {
            n += snprintf(text + n, (size_t)(ADDRESS_TEXT_MAX - n), "::");
            i += best_length - 1;
            continue;
        }
        if (i > 0 && i != best + best_length)
            n += snprintf(text + n, (size_t)(ADDRESS_TEXT_MAX - n), ":");
        n += snprintf(text + n, (size_t)(ADDRESS_TEXT_MAX - n), "%x", w[i]);
    }
    if (embedded) {
        if (best + best_length != 6)
            n += snprintf(text + n, (size_t)(ADDRESS_TEXT_MAX - n), ":");
        n += snprintf(text + n, (size_t)(ADDRESS_TEXT_MAX - n), "%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
    }
    return (size_t)n;
}
