// OpenSSL's libcrypto, for SHA-256 (Debian libssl-dev). The module map's header
// is looked up beside the map, so a shim includes the system header.
#include <openssl/evp.h>
#include <openssl/rand.h>
