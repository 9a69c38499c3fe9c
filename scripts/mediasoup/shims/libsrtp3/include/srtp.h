/*
 * Foyer: libsrtp 3.x API subset on top of libsrtp 2.x.
 *
 * mediasoup 3.27 is written against libsrtp 3.x, Debian 12 ships libsrtp 2.5.
 * This header is what the worker sees as <srtp.h>. It includes the real 2.x
 * header (installed as <srtp2/srtp.h> by build-worker.sh) and then declares
 * the 3.x calls mediasoup uses, implemented in srtp3_compat.c:
 *
 *   3.x (as used by mediasoup)                2.x equivalent
 *   ----------------------------------------  ---------------------------------
 *   srtp_policy_t: opaque pointer             struct srtp_policy_t filled by
 *     srtp_policy_create/destroy/set_ssrc/     the caller (renamed here to
 *     set_profile/add_key/                     foyer_srtp2_policy_t)
 *     set_allow_repeat_tx/set_window_size
 *   srtp_create(srtp_t*, srtp_policy_t)        srtp_create(srtp_t*, const struct*)
 *   srtp_protect[_rtcp](ctx, in, size_t len,   srtp_protect[_rtcp](ctx, buf, int*)
 *     out, size_t* out_len, mki_index)          in place, or *_mki variants
 *   srtp_unprotect[_rtcp](ctx, in, size_t len, srtp_unprotect[_rtcp](ctx, buf, int*)
 *     out, size_t* out_len)
 *   srtp_stream_remove(ctx, ssrc)              srtp_remove_stream(ctx, ssrc)
 *   srtp_err_status_buffer_small (28),         (not in 2.x; defined here with
 *   srtp_err_status_cryptex_err (29)            the 3.x numeric values)
 *
 * MKI is not supported by this layer (mediasoup never uses it): add_key with
 * mki_len != 0 and protect with mki_index != 0 return srtp_err_status_bad_param.
 *
 * Written for Foyer (scripts/mediasoup/build-worker.sh); not upstream code.
 */

#ifndef FOYER_SRTP3_COMPAT_SRTP_H
#define FOYER_SRTP3_COMPAT_SRTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The 2.x header defines a struct type named srtp_policy_t; 3.x uses that
 * name for an opaque handle. Rename the 2.x struct while including it. */
#define srtp_policy_t foyer_srtp2_policy_t
#include <srtp2/srtp.h>
#undef srtp_policy_t

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes added in libsrtp 3.x (same numeric values as 3.x). */
#define srtp_err_status_buffer_small ((srtp_err_status_t)28)
#define srtp_err_status_cryptex_err ((srtp_err_status_t)29)

typedef struct foyer_srtp3_policy *srtp_policy_t;

srtp_err_status_t foyer_srtp3_policy_create(srtp_policy_t *policy);
void foyer_srtp3_policy_destroy(srtp_policy_t policy);
srtp_err_status_t foyer_srtp3_policy_set_ssrc(srtp_policy_t policy,
                                              srtp_ssrc_t ssrc);
srtp_err_status_t foyer_srtp3_policy_set_profile(srtp_policy_t policy,
                                                 srtp_profile_t profile);
srtp_err_status_t foyer_srtp3_policy_add_key(srtp_policy_t policy,
                                             const uint8_t *key,
                                             size_t key_len,
                                             const uint8_t *salt,
                                             size_t salt_len,
                                             const uint8_t *mki,
                                             size_t mki_len);
srtp_err_status_t foyer_srtp3_policy_set_allow_repeat_tx(srtp_policy_t policy,
                                                         bool allow);
srtp_err_status_t foyer_srtp3_policy_set_window_size(srtp_policy_t policy,
                                                     size_t window_size);

srtp_err_status_t foyer_srtp3_create(srtp_t *session,
                                     const srtp_policy_t policy);

srtp_err_status_t foyer_srtp3_protect(srtp_t ctx,
                                      const uint8_t *rtp,
                                      size_t rtp_len,
                                      uint8_t *srtp,
                                      size_t *srtp_len,
                                      size_t mki_index);
srtp_err_status_t foyer_srtp3_unprotect(srtp_t ctx,
                                        const uint8_t *srtp,
                                        size_t srtp_len,
                                        uint8_t *rtp,
                                        size_t *rtp_len);
srtp_err_status_t foyer_srtp3_protect_rtcp(srtp_t ctx,
                                           const uint8_t *rtcp,
                                           size_t rtcp_len,
                                           uint8_t *srtcp,
                                           size_t *srtcp_len,
                                           size_t mki_index);
srtp_err_status_t foyer_srtp3_unprotect_rtcp(srtp_t ctx,
                                             const uint8_t *srtcp,
                                             size_t srtcp_len,
                                             uint8_t *rtcp,
                                             size_t *rtcp_len);

srtp_err_status_t foyer_srtp3_stream_remove(srtp_t session, uint32_t ssrc);

#ifdef __cplusplus
}
#endif

/* Route the 3.x names to the layer. The implementation file defines
 * FOYER_SRTP3_COMPAT_IMPL so that it can still reach the 2.x functions. */
#ifndef FOYER_SRTP3_COMPAT_IMPL
#define srtp_policy_create foyer_srtp3_policy_create
#define srtp_policy_destroy foyer_srtp3_policy_destroy
#define srtp_policy_set_ssrc foyer_srtp3_policy_set_ssrc
#define srtp_policy_set_profile foyer_srtp3_policy_set_profile
#define srtp_policy_add_key foyer_srtp3_policy_add_key
#define srtp_policy_set_allow_repeat_tx foyer_srtp3_policy_set_allow_repeat_tx
#define srtp_policy_set_window_size foyer_srtp3_policy_set_window_size
#define srtp_create foyer_srtp3_create
#define srtp_protect foyer_srtp3_protect
#define srtp_unprotect foyer_srtp3_unprotect
#define srtp_protect_rtcp foyer_srtp3_protect_rtcp
#define srtp_unprotect_rtcp foyer_srtp3_unprotect_rtcp
#define srtp_stream_remove foyer_srtp3_stream_remove
#endif

#endif /* FOYER_SRTP3_COMPAT_SRTP_H */
