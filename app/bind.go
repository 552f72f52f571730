//go:build !dev

package app

// Bind is the production window's bind list: App alone. bind_test.go checks that the page calls every
// one of its methods and no other.
func (w *Window) Bind() []any { return []any{w.a} }
