/* module_key.c - the module's key from the hub's REST API. */
#include "module_key.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <string.h>

#include "https_client.h"
#include "json_text.h"
#include "sas_token.h"

#define API_VERSION "2021-04-12"
#define TOKEN_LIFETIME_SECONDS 600
#define MAX_ANSWER 16384

int module_key_fetch(const module_key_request_t *r, char *key, size_t capacity, char *error, size_t error_capacity)
{
    static const char *const primary_key[] = {"authentication", "symmetricKey", "primaryKey", NULL};
    static const char *const message[] = {"Message", NULL};
    char device[400], module[400], path[900], resource[700], token[1024], answer[MAX_ANSWER], reason[300];
    https_request_t request;
    int status = 0, rc = -1;

    memset(token, 0, sizeof token);
    if (sas_token_url_encode(r->device_id, device, sizeof device) != 0 || sas_token_url_encode(r->module_id, module, sizeof module) != 0 ||
        snprintf(path, sizeof path, "/devices/%s/modules/%s?api-version=" API_VERSION, device, module) >= (int)sizeof path ||
        snprintf(resource, sizeof resource, "%s/devices/%s", r->hub_host, r->device_id) >= (int)sizeof resource) {
        snprintf(error, error_capacity, "the device or module id is too long");
        goto cleanup;
    }
    if (r->device_key != NULL &&
        sas_token_create(resource, r->device_key, r->now_seconds + TOKEN_LIFETIME_SECONDS, token, sizeof token) != 0) {
        snprintf(error, error_capacity, "cannot sign a SAS token: the key is not base64");
        goto cleanup;
    }
    memset(&request, 0, sizeof request);
    request.host = r->hub_host;
    request.port = r->https_port;
    request.path = path;
    request.authorization = r->device_key != NULL ? token : NULL;
    request.ca_file = r->ca_file;
    request.certificate_file = r->device_key == NULL ? r->certificate_file : NULL;
    request.key_file = r->device_key == NULL ? r->key_file : NULL;
    request.timeout_ms = r->timeout_ms;
    if (https_get(&request, &status, answer, sizeof answer, reason, sizeof reason) != 0) {
        snprintf(error, error_capacity, "GET https://%s:%d/devices/%s/modules/%s: %s", r->hub_host, r->https_port, r->device_id,
                 r->module_id, reason);
        goto cleanup;
    }
    if (status != 200) {
        if (json_text_get(answer, strlen(answer), message, reason, sizeof reason) != 0)
            snprintf(reason, sizeof reason, "%.200s", answer);
        snprintf(error, error_capacity, "the hub answered %d for module %s of device %s: %s", status, r->module_id, r->device_id, reason);
        goto cleanup;
    }
    if (json_text_get(answer, strlen(answer), primary_key, key, capacity) != 0 || key[0] == '\0') {
        snprintf(error, error_capacity, "the hub's answer for module %s has no authentication.symmetricKey.primaryKey", r->module_id);
        goto cleanup;
    }
    rc = 0;
cleanup:
    OPENSSL_cleanse(token, sizeof token);
    OPENSSL_cleanse(answer, sizeof answer);
    return rc;
}
