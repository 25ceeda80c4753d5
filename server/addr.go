package server

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"

	"parley"
)

// ParseProxies reads a comma-separated list of addresses and CIDR prefixes ("10.0.0.0/8,
// 127.0.0.1") naming the load balancers and reverse proxies in front of Parley.
func ParseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: %w", f, err)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: not an address or CIDR prefix", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

func (s *Server) trusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range s.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// clientAddr is the address rate limits, report limits and stream caps are counted against.
// Behind a load balancer every reader arrives from the balancer's address, so one busy article
// would throttle everyone at once; X-Forwarded-For says who the reader is, but any client can
// write that header, so it is only believed when the peer is a configured proxy, and then read
// from the right: the first address no trusted proxy added is the one a client cannot forge.
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || len(s.proxies) == 0 || !s.trusted(peer) {
		return host
	}
	hops := r.Header.Values("X-Forwarded-For")
	for i := len(hops) - 1; i >= 0; i-- {
		parts := strings.Split(hops[i], ",")
		for j := len(parts) - 1; j >= 0; j-- {
			a, err := netip.ParseAddr(strings.TrimSpace(parts[j]))
			if err != nil {
				return peer.Unmap().String() // a garbled chain: trust nothing past the proxy
			}
			if !s.trusted(a) {
				return a.Unmap().String()
			}
		}
	}
	return peer.Unmap().String()
}

// streamCap counts open event streams per address and in all. A stream is a held connection
// and a goroutine for as long as the reader keeps the page open; without a cap one client
// opening thousands of them would exhaust the server's file descriptors for everyone.
type streamCap struct {
	mu           sync.Mutex
	perAddr, all int
	open         map[string]int
	total        int
}

func newStreamCap(perAddr, all int) *streamCap {
	if perAddr <= 0 {
		perAddr = 32
	}
	if all <= 0 {
		all = 20000
	}
	return &streamCap{perAddr: perAddr, all: all, open: map[string]int{}}
}

// acquire reserves a stream for addr; the caller must call release when the stream ends.
func (c *streamCap) acquire(addr string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.total >= c.all {
		return parley.Errorf(parley.ERATELIMITED, "the server has too many live connections; live updates resume on reload")
	}
	if c.open[addr] >= c.perAddr {
		return parley.Errorf(parley.ERATELIMITED, "too many live connections from your address; close some tabs and reload")
	}
	c.open[addr]++
	c.total++
	return nil
}

func (c *streamCap) release(addr string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total--
	if c.open[addr]--; c.open[addr] <= 0 {
		delete(c.open, addr)
	}
}
