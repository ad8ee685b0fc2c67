// What a message for people must not hold: a raw errno code or Node's error fields. The code must be
// a whole word: peer ids (base58) hold runs of capitals such as "…WEXKQD…", which are not errnos.
export const RAW_ERROR_WORDS = /\bE[A-Z]{4,}\b|errno|getaddrinfo|syscall/
