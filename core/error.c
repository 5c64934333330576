#include "core/error.h"

const char *wn_strerror(int err)
{
	switch (err) {
	case WN_OK: return "success";
	case WN_EOF: return "end of input";
	case WN_ERECBIG: return "record larger than --max-record";
	case WN_ERECJSON: return "invalid JSON";
	case WN_ERECFIELD: return "missing or mistyped field";
	case WN_ENOMEM: return "out of memory";
	case WN_ELIMIT: return "memory limit reached";
	case WN_EIO: return "i/o error";
	case WN_ECORRUPT: return "damaged input";
	case WN_EUNSUPPORTED: return "unsupported input";
	case WN_EINVAL: return "invalid argument";
	}
	return "unknown error";
}
