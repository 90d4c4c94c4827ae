package auth

// SetCompare replaces a's bcrypt comparison, for tests that count them.
func SetCompare(a *Authenticator, f func(hash, password []byte) error) { a.compare = f }
