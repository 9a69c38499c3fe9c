/*
 * Foyer: implementation of the libsrtp 3.x calls used by mediasoup on top of
 * libsrtp 2.x. See include/srtp.h for the mapping and its limits.
 *
 * Written for Foyer (scripts/mediasoup/build-worker.sh); not upstream code.
 */

#define FOYER_SRTP3_COMPAT_IMPL 1
#include "srtp.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Largest key + salt of any profile 2.x supports (AES-256-GCM: 32 + 12). */
#define FOYER_SRTP3_KEY_BUFFER_LEN 64

/* Bytes 2.x may append to a packet when no MKI is used: the auth tag (RTP),
 * plus the 4-byte E-flag/index word for SRTCP. */
#define FOYER_SRTP3_RTP_TRAILER_MAX (SRTP_MAX_TAG_LEN)
#define FOYER_SRTP3_RTCP_TRAILER_MAX (SRTP_MAX_TAG_LEN + 4)

struct foyer_srtp3_policy {
    foyer_srtp2_policy_t v2;
    bool has_profile;
    bool has_key;
    size_t expected_key_len;
    size_t expected_salt_len;
    unsigned char key[FOYER_SRTP3_KEY_BUFFER_LEN];
};

srtp_err_status_t foyer_srtp3_policy_create(srtp_policy_t *policy)
{
    struct foyer_srtp3_policy *p;

    if (policy == NULL) {
        return srtp_err_status_bad_param;
    }

    p = (struct foyer_srtp3_policy *)calloc(1, sizeof(*p));
    if (p == NULL) {
        *policy = NULL;
        return srtp_err_status_alloc_fail;
    }

    p->v2.ssrc.type = ssrc_undefined;
    p->v2.ssrc.value = 0;
    p->v2.key = NULL;
    p->v2.keys = NULL;
    p->v2.num_master_keys = 0;
    p->v2.window_size = 0; /* 2.x: 0 selects the default (128) */
    p->v2.allow_repeat_tx = 0;
    p->v2.enc_xtn_hdr = NULL;
    p->v2.enc_xtn_hdr_count = 0;
    p->v2.next = NULL;

    *policy = p;

    return srtp_err_status_ok;
}

void foyer_srtp3_policy_destroy(srtp_policy_t policy)
{
    if (policy == NULL) {
        return;
    }

    /* Do not leave key material behind in freed memory. */
    memset(policy->key, 0, sizeof(policy->key));
    free(policy);
}

srtp_err_status_t foyer_srtp3_policy_set_ssrc(srtp_policy_t policy,
                                              srtp_ssrc_t ssrc)
{
    if (policy == NULL) {
        return srtp_err_status_bad_param;
    }

    policy->v2.ssrc = ssrc;

    return srtp_err_status_ok;
}

srtp_err_status_t foyer_srtp3_policy_set_profile(srtp_policy_t policy,
                                                 srtp_profile_t profile)
{
    srtp_err_status_t status;
    unsigned int key_len;
    unsigned int salt_len;

    if (policy == NULL) {
        return srtp_err_status_bad_param;
    }

    key_len = srtp_profile_get_master_key_length(profile);
    salt_len = srtp_profile_get_master_salt_length(profile);
    if (key_len == 0 || salt_len == 0 ||
        key_len + salt_len > FOYER_SRTP3_KEY_BUFFER_LEN) {
        return srtp_err_status_bad_param;
    }

    status =
        srtp_crypto_policy_set_from_profile_for_rtp(&policy->v2.rtp, profile);
    if (status != srtp_err_status_ok) {
        return status;
    }

    status =
        srtp_crypto_policy_set_from_profile_for_rtcp(&policy->v2.rtcp, profile);
    if (status != srtp_err_status_ok) {
        return status;
    }

    policy->has_profile = true;
    policy->expected_key_len = key_len;
    policy->expected_salt_len = salt_len;

    return srtp_err_status_ok;
}

srtp_err_status_t foyer_srtp3_policy_add_key(srtp_policy_t policy,
                                             const uint8_t *key,
                                             size_t key_len,
                                             const uint8_t *salt,
                                             size_t salt_len,
                                             const uint8_t *mki,
                                             size_t mki_len)
{
    if (policy == NULL || key == NULL || key_len == 0) {
        return srtp_err_status_bad_param;
    }

    /* MKI (and therefore more than one key) is not supported by this layer. */
    if (mki != NULL || mki_len != 0 || policy->has_key) {
        return srtp_err_status_bad_param;
    }

    if (salt_len != 0 && salt == NULL) {
        return srtp_err_status_bad_param;
    }

    if (key_len + salt_len > FOYER_SRTP3_KEY_BUFFER_LEN) {
        return srtp_err_status_bad_param;
    }

    if (policy->has_profile && (key_len != policy->expected_key_len ||
                                salt_len != policy->expected_salt_len)) {
        return srtp_err_status_bad_param;
    }

    /* 2.x takes the master key immediately followed by the master salt. */
    memcpy(policy->key, key, key_len);
    if (salt_len != 0) {
        memcpy(policy->key + key_len, salt, salt_len);
    }

    policy->v2.key = policy->key;
    policy->has_key = true;

    return srtp_err_status_ok;
}

srtp_err_status_t foyer_srtp3_policy_set_allow_repeat_tx(srtp_policy_t policy,
                                                         bool allow)
{
    if (policy == NULL) {
        return srtp_err_status_bad_param;
    }

    policy->v2.allow_repeat_tx = allow ? 1 : 0;

    return srtp_err_status_ok;
}

srtp_err_status_t foyer_srtp3_policy_set_window_size(srtp_policy_t policy,
                                                     size_t window_size)
{
    if (policy == NULL) {
        return srtp_err_status_bad_param;
    }

    /* Same bounds srtp_create() enforces in 2.x (0 = default). */
    if (window_size != 0 && (window_size < 64 || window_size >= 0x8000)) {
        return srtp_err_status_bad_param;
    }

    policy->v2.window_size = (unsigned long)window_size;

    return srtp_err_status_ok;
}

srtp_err_status_t foyer_srtp3_create(srtp_t *session,
                                     const srtp_policy_t policy)
{
    foyer_srtp2_policy_t v2;

    if (session == NULL) {
        return srtp_err_status_bad_param;
    }

    /* 3.x allows an empty session; 2.x does too with a NULL policy. */
    if (policy == NULL) {
        return srtp_create(session, NULL);
    }

    if (!policy->has_profile || !policy->has_key) {
        return srtp_err_status_bad_param;
    }

    v2 = policy->v2;
    v2.next = NULL;

    return srtp_create(session, &v2);
}

static srtp_err_status_t foyer_srtp3_copy_in(const uint8_t *in,
                                             size_t in_len,
                                             uint8_t *out,
                                             size_t out_capacity)
{
    if (in_len > out_capacity) {
        return srtp_err_status_buffer_small;
    }

    if (in != out) {
        memmove(out, in, in_len);
    }

    return srtp_err_status_ok;
}

srtp_err_status_t foyer_srtp3_protect(srtp_t ctx,
                                      const uint8_t *rtp,
                                      size_t rtp_len,
                                      uint8_t *srtp,
                                      size_t *srtp_len,
                                      size_t mki_index)
{
    srtp_err_status_t status;
    int len;

    if (ctx == NULL || rtp == NULL || srtp == NULL || srtp_len == NULL) {
        return srtp_err_status_bad_param;
    }

    if (mki_index != 0) {
        return srtp_err_status_bad_param;
    }

    if (rtp_len > (size_t)INT_MAX - FOYER_SRTP3_RTP_TRAILER_MAX) {
        return srtp_err_status_bad_param;
    }

    /* 2.x protects in place and appends the trailer after the packet. */
    if (*srtp_len < rtp_len + FOYER_SRTP3_RTP_TRAILER_MAX) {
        return srtp_err_status_buffer_small;
    }

    status = foyer_srtp3_copy_in(rtp, rtp_len, srtp, *srtp_len);
    if (status != srtp_err_status_ok) {
        return status;
    }

    len = (int)rtp_len;
    status = srtp_protect(ctx, srtp, &len);
    if (status != srtp_err_status_ok) {
        return status;
    }

    *srtp_len = (size_t)len;

    return srtp_err_status_ok;
}

srtp_err_status_t foyer_srtp3_unprotect(srtp_t ctx,
                                        const uint8_t *srtp,
                                        size_t srtp_len,
                                        uint8_t *rtp,
                                        size_t *rtp_len)
{
    srtp_err_status_t status;
    int len;

    if (ctx == NULL || srtp == NULL || rtp == NULL || rtp_len == NULL) {
        return srtp_err_status_bad_param;
    }

    if (srtp_len > (size_t)INT_MAX) {
        return srtp_err_status_bad_param;
    }

    /* 2.x decrypts in place: the whole SRTP packet is copied first. */
    status = foyer_srtp3_copy_in(srtp, srtp_len, rtp, *rtp_len);
    if (status != srtp_err_status_ok) {
        return status;
    }

    len = (int)srtp_len;
    status = srtp_unprotect(ctx, rtp, &len);
    if (status != srtp_err_status_ok) {
        return status;
    }

    *rtp_len = (size_t)len;

    return srtp_err_status_ok;
}

srtp_err_status_t foyer_srtp3_protect_rtcp(srtp_t ctx,
                                           const uint8_t *rtcp,
                                           size_t rtcp_len,
                                           uint8_t *srtcp,
                                           size_t *srtcp_len,
                                           size_t mki_index)
{
    srtp_err_status_t status;
    int len;

    if (ctx == NULL || rtcp == NULL || srtcp == NULL || srtcp_len == NULL) {
        return srtp_err_status_bad_param;
    }

    if (mki_index != 0) {
        return srtp_err_status_bad_param;
    }

    if (rtcp_len > (size_t)INT_MAX - FOYER_SRTP3_RTCP_TRAILER_MAX) {
        return srtp_err_status_bad_param;
    }

    if (*srtcp_len < rtcp_len + FOYER_SRTP3_RTCP_TRAILER_MAX) {
        return srtp_err_status_buffer_small;
    }

    status = foyer_srtp3_copy_in(rtcp, rtcp_len, srtcp, *srtcp_len);
    if (status != srtp_err_status_ok) {
        return status;
    }

    len = (int)rtcp_len;
    status = srtp_protect_rtcp(ctx, srtcp, &len);
    if (status != srtp_err_status_ok) {
        return status;
    }

    *srtcp_len = (size_t)len;

    return srtp_err_status_ok;
}

srtp_err_status_t foyer_srtp3_unprotect_rtcp(srtp_t ctx,
                                             const uint8_t *srtcp,
                                             size_t srtcp_len,
                                             uint8_t *rtcp,
                                             size_t *rtcp_len)
{
    srtp_err_status_t status;
    int len;

    if (ctx == NULL || srtcp == NULL || rtcp == NULL || rtcp_len == NULL) {
        return srtp_err_status_bad_param;
    }

    if (srtcp_len > (size_t)INT_MAX) {
        return srtp_err_status_bad_param;
    }

    status = foyer_srtp3_copy_in(srtcp, srtcp_len, rtcp, *rtcp_len);
    if (status != srtp_err_status_ok) {
        return status;
    }

    len = (int)srtcp_len;
    status = srtp_unprotect_rtcp(ctx, rtcp, &len);
    if (status != srtp_err_status_ok) {
        return status;
    }

    *rtcp_len = (size_t)len;

    return srtp_err_status_ok;
}

srtp_err_status_t foyer_srtp3_stream_remove(srtp_t session, uint32_t ssrc)
{
    /* Both versions take the SSRC in network byte order. */
    return srtp_remove_stream(session, (unsigned int)ssrc);
}
