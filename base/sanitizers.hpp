// Whether this build runs under AddressSanitizer (SAM_ASAN): GCC says so with
// __SANITIZE_ADDRESS__, Clang only through __has_feature.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define SAM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SAM_ASAN 1
#endif
#endif
