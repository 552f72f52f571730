package remote

import (
	"fmt"
	"net"
	"os"
	"syscall"
)

// checkPeer refuses a client run by another user (SO_PEERCRED): the socket's mode says the same, this
// holds even if the file's mode was changed.
func checkPeer(c net.Conn) error {
	uc, ok := c.(*net.UnixConn)
	if !ok {
		return fmt.Errorf("not a Unix socket connection")
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return err
	}
	var cred *syscall.Ucred
	var credErr error
	if err := raw.Control(func(fd uintptr) {
		cred, credErr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	}); err != nil {
		return err
	}
	if credErr != nil {
		return fmt.Errorf("reading the client's credentials: %w", credErr)
	}
	if int(cred.Uid) != os.Getuid() {
		return fmt.Errorf("refused: the client runs as user %d, this window as user %d", cred.Uid, os.Getuid())
	}
	return nil
}
