# add an irot (angle units of 90 degrees anticlockwise) to the primary item of a HEIC; shifts iloc offsets
import struct, sys
src, dst, angle = sys.argv[1], sys.argv[2], int(sys.argv[3])
d = bytearray(open(src, 'rb').read())
def boxes(buf, start, end):
    i = start
    while i < end:
        size, typ = struct.unpack('>I4s', buf[i:i+8])
        yield i, size, typ.decode()
        i += size
top = {t: (i, s) for i, s, t in boxes(d, 0, len(d))}
mi, ms = top['meta']
kids = {t: (i, s) for i, s, t in boxes(d, mi + 12, mi + ms)}
pitm = struct.unpack('>H', d[kids['pitm'][0]+12:kids['pitm'][0]+14])[0]
pi, ps = kids['iprp']
pk = {t: (i, s) for i, s, t in boxes(d, pi + 8, pi + ps)}
ci, cs = pk['ipco']
nprops = len(list(boxes(d, ci + 8, ci + cs)))
ai, as_ = pk['ipma']
ver, flags = d[ai+8], struct.unpack('>I', b'\0' + d[ai+9:ai+12])[0]
assert ver == 0 and flags & 1 == 0
n = struct.unpack('>I', d[ai+12:ai+16])[0]
j = ai + 16
ins_ipma = None
for _ in range(n):
    item, cnt = struct.unpack('>HB', d[j:j+3])
    if item == pitm:
        d[j+2] = cnt + 1
        ins_ipma = j + 3 + cnt
    j += 3 + cnt
grow = 9 + 1
irot = struct.pack('>I4sB', 9, b'irot', angle)
# iloc offsets shift (mdat follows meta)
li, ls = kids['iloc']
v = d[li+8]
c = li + 12
osz, lsz = d[c] >> 4, d[c] & 15
bsz, isz = d[c+1] >> 4, d[c+1] & 15
c += 2
cnt = struct.unpack('>H', d[c:c+2])[0] if v < 2 else struct.unpack('>I', d[c:c+4])[0]
c += 2 if v < 2 else 4
def rd(pos, sz):
    return int.from_bytes(d[pos:pos+sz], 'big') if sz else 0
def wr(pos, sz, val):
    if sz: d[pos:pos+sz] = val.to_bytes(sz, 'big')
for _ in range(cnt):
    c += 2 if v < 2 else 4
    method = 0
    if v in (1, 2):
        method = rd(c, 2) & 15; c += 2
    c += 2
    base = rd(c, bsz); bpos = c; c += bsz
    ext = rd(c, 2); c += 2
    for e in range(ext):
        if v in (1, 2) and isz: c += isz
        off = rd(c, osz)
        if method == 0:
            if bsz: pass
            else: wr(c, osz, off + grow)
        c += osz + lsz
    if method == 0 and bsz: wr(bpos, bsz, base + grow)
# apply insertions from the back
d[ins_ipma:ins_ipma] = bytes([0x80 | (nprops + 1)])
d[ci+cs:ci+cs] = irot
def bump(pos, by):
    d[pos:pos+4] = struct.pack('>I', struct.unpack('>I', d[pos:pos+4])[0] + by)
bump(ai + (9 if ai > ci else 0), 1); bump(ci, 9); bump(pi, 10); bump(mi, 10)
open(dst, 'wb').write(d)
