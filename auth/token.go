package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// NewToken returns 256 random bits as unpadded base64url text (43 characters): for session cookies, API tokens,
// CSRF tokens and share links.
func NewToken() string {
	return base64.RawURLEncoding.EncodeToString(randomBytes(32))
}

// TokenHash is what the catalog stores of a secret token: its SHA-256 in hex. Tokens are random and long, so a
// fast hash is enough (a slow one guards guessable passwords, not 256-bit secrets).
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewID returns a short random id (64 bits, hex) that names a thing without being a secret.
func NewID() string { return hex.EncodeToString(randomBytes(8)) }

// NewPassword returns a random password of 20 letters and digits (about 119 bits), easy to type from a terminal.
func NewPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789" // no 0/O, 1/l/I
	var b strings.Builder
	for _, c := range randomBytes(64) {
		if int(c) < 256-256%len(alphabet) { // no modulo bias
			b.WriteByte(alphabet[int(c)%len(alphabet)])
			if b.Len() == 20 {
				return b.String()
			}
		}
	}
	return b.String() + NewPassword()[:20-b.Len()]
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand panics rather than return a short read)
	return b
}
