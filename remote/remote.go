// Package remote carries one CLI command from a `gloss` process to the Gloss window that holds the library
// open, over a Unix domain socket beside the library (store.Layout.Socket): the window runs the command
// against its open store and streams stdout, stderr and the exit code back. It knows nothing of the
// commands themselves: the window passes a Handler (cli.Serve).
//
// Security: the socket is mode 0600 in the library's folder, and on Linux the server also checks the
// peer's user id (SO_PEERCRED) and refuses any other user. Windows: Go's stdlib speaks AF_UNIX there too
// (Windows 10 1803 and later), so no named pipe or TCP fallback is needed; the folder's ACL protects it.
package remote

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Request is one command: its arguments (without the program name), the client's working directory
// (relative paths in Args are resolved against it) and the library it means (absolute path).
type Request struct {
	Args []string `json:"args"`
	WD   string   `json:"wd"`
	DB   string   `json:"db"`
}

// Handler runs a request, writing to stdout and stderr, and returns the exit code.
type Handler func(req Request, stdout, stderr io.Writer) int

// Frames from server to client: a kind byte, a 4-byte big-endian length, the payload.
const (
	frameStdout = 'o'
	frameStderr = 'e'
	frameExit   = 'x' // payload: the exit code, 4 bytes
	maxRequest  = 1 << 20
)

// ErrNoServer means no window answers on the socket: no file, or a stale one left by a crashed window.
var ErrNoServer = errors.New("no Gloss window answers on the library's socket")

// Server answers commands on a socket until Close.
type Server struct {
	ln      net.Listener
	handler Handler
	wg      sync.WaitGroup
	run     sync.Mutex // one command at a time, in the order they connect: a second CLI waits
}

// Listen creates the socket at path (mode 0600) and serves each connection with h. A socket file that no
// process answers on (a crashed window's) is replaced; one that answers is another window's: an error.
func Listen(path string, h Handler) (*Server, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("socket %s: %w", path, err)
	}
	if _, err := os.Lstat(path); err == nil {
		if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
			c.Close()
			return nil, fmt.Errorf("socket %s: another Gloss window already answers there", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, fmt.Errorf("socket %s: removing the stale socket: %w", path, err)
		}
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("socket %s: %w", path, err)
	}
	// bind(2) honours the umask; the folder is 0700 already, and 0600 says "owner only" again.
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("socket %s: %w", path, err)
	}
	s := &Server{ln: ln, handler: h}
	s.wg.Add(1)
	go s.accept()
	return s, nil
}

// Close stops accepting, removes the socket file and waits for running commands to finish (so the store
// is not closed under one).
func (s *Server) Close() error {
	err := s.ln.Close()
	s.wg.Wait()
	return err
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			time.Sleep(10 * time.Millisecond) // e.g. EMFILE: do not spin
			continue
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer c.Close()
			s.serve(c)
		}()
	}
}

func (s *Server) serve(c net.Conn) {
	out := &frameWriter{w: c}
	if err := checkPeer(c); err != nil {
		out.frame(frameStderr, []byte("gloss: "+err.Error()+"\n"))
		out.exit(1)
		return
	}
	// A client that connects and says nothing must not hold a goroutine for ever.
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	var req Request
	if err := json.NewDecoder(io.LimitReader(c, maxRequest)).Decode(&req); err != nil {
		out.frame(frameStderr, []byte(fmt.Sprintf("gloss: a bad request on the socket: %v\n", err)))
		out.exit(2)
		return
	}
	c.SetReadDeadline(time.Time{})
	// Writes fail once a client is gone (killed mid-command); the command still runs to its end, so a
	// write it started is committed or not, never half.
	s.run.Lock()
	code := s.handler(req, out.stream(frameStdout), out.stream(frameStderr))
	s.run.Unlock()
	out.exit(code)
}

// frameWriter interleaves stdout and stderr frames on one connection.
type frameWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (f *frameWriter) frame(kind byte, p []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	var head [5]byte
	head[0] = kind
	binary.BigEndian.PutUint32(head[1:], uint32(len(p)))
	if _, err := f.w.Write(head[:]); err != nil {
		return err
	}
	_, err := f.w.Write(p)
	return err
}

func (f *frameWriter) exit(code int) {
	var p [4]byte
	binary.BigEndian.PutUint32(p[:], uint32(int32(code)))
	f.frame(frameExit, p[:])
}

type streamWriter struct {
	f    *frameWriter
	kind byte
}

func (f *frameWriter) stream(kind byte) io.Writer { return streamWriter{f, kind} }

func (s streamWriter) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if err := s.f.frame(s.kind, p); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Call sends req to the window answering at path and copies its output to stdout and stderr; it returns
// the command's exit code. ErrNoServer: nothing answers (the caller opens the library itself).
func Call(path string, req Request, stdout, stderr io.Writer) (int, error) {
	c, err := net.DialTimeout("unix", path, 2*time.Second)
	if err != nil {
		return 0, fmt.Errorf("%w (%v)", ErrNoServer, err)
	}
	defer c.Close()
	if err := json.NewEncoder(c).Encode(req); err != nil {
		return 0, fmt.Errorf("sending the command to the Gloss window: %w", err)
	}
	r := bufio.NewReader(c)
	for {
		var head [5]byte
		if _, err := io.ReadFull(r, head[:]); err != nil {
			return 1, errors.New("the Gloss window closed the connection before the command finished (it may still have run: check with `gloss list` or the window)")
		}
		n := binary.BigEndian.Uint32(head[1:])
		if n > 64<<20 {
			return 1, fmt.Errorf("a bad frame from the Gloss window (%d bytes)", n)
		}
		p := make([]byte, n)
		if _, err := io.ReadFull(r, p); err != nil {
			return 1, errors.New("the Gloss window closed the connection mid-output")
		}
		switch head[0] {
		case frameStdout:
			stdout.Write(p)
		case frameStderr:
			stderr.Write(p)
		case frameExit:
			if n != 4 {
				return 1, errors.New("a bad exit frame from the Gloss window")
			}
			return int(int32(binary.BigEndian.Uint32(p))), nil
		default:
			return 1, fmt.Errorf("an unknown frame %q from the Gloss window", head[0])
		}
	}
}
