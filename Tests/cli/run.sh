#!/usr/bin/env bash
# End-to-end tests of the zuimei command as a user runs it: exit codes,
# diagnostics on stderr, and a failed build leaving the old site untouched.
#   Tests/cli/run.sh PATH/TO/zuimei
set -uo pipefail
zuimei=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
fixtures="$root/Tests/ZuimeiKitTests/Fixtures"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

check() {  # check NAME COMMAND...: passes when COMMAND succeeds
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name"; fi
}

# 1. The sample site builds, with one diagnostic only: its base_url is a placeholder (example.org).
(cd "$root" && "$zuimei" build --content Content --output "$work/site" --date 2021-12-31 >"$work/out" 2>"$work/err")
rc=$?
check "sample content builds (exit 0)" test "$rc" -eq 0
check "sample content gives one warning: the placeholder base_url" \
  test "$(grep -c ': warning: ' "$work/err")" -eq 1 -a "$(grep -c ': error: ' "$work/err")" -eq 0
check "…at its key, naming the host" grep -Eq "^Content/site.yml:3:[0-9]+: warning: base_url 'https://example.org/zuimei/' is a placeholder: .*point to example.org;.*\[base-url-placeholder\]$" "$work/err"
check "home page written" test -f "$work/site/index.html"
check "feed written" test -f "$work/site/feed.xml"
check "summary line printed" grep -q "^built [0-9]* stories" "$work/out"

# 2. A broken site: every problem reported, one per line, non-zero exit, old site untouched.
(cd "$work/site" && find . -type f -exec sha256sum {} + | sort) >"$work/before"
(cd "$fixtures" && "$zuimei" build --content broken --output "$work/site" --date 2021-12-31 >"$work/out" 2>"$work/err")
rc=$?
check "broken content exits 1" test "$rc" -eq 1
check "diagnostics name file:line:column, severity and rule" \
  grep -Eq '^broken/stories/2021/typo-key\.md:[0-9]+:[0-9]+: error: .*\[unknown-key\]$' "$work/err"
errors=$(grep -Ec '^[^ ]+:[0-9]+(:[0-9]+)?: error: ' "$work/err")
check "one run reports all errors (found $errors)" test "$errors" -ge 5
check "a count closes the report" grep -Eq '^[0-9]+ errors?, [0-9]+ warnings?$' "$work/err"
check "every other line is a diagnostic of one of the two documented forms" \
  bash -c '! grep -Ev "^[^:]+(:[0-9]+:[0-9]+)?: (error|warning): .+ \[[a-z-]+\]$|^[0-9]+ errors?, [0-9]+ warnings?$|^build failed; " "$1"' _ "$work/err"
(cd "$work/site" && find . -type f -exec sha256sum {} + | sort) >"$work/after"
check "failed build leaves the old site byte-identical" cmp -s "$work/before" "$work/after"
check "no temporary directory left behind" test -z "$(ls -A "$work" | grep -E 'zuimei-(tmp|old)')"

# 3. Usage errors.
"$zuimei" build --content "$root/Content" --output "$work/x" --date 2021-02-30 >/dev/null 2>"$work/err"
rc=$?
check "an impossible --date is a usage error" test "$rc" -ne 0 -a "$rc" -ne 1
check "…that says what is wrong" grep -q "YYYY-MM-DD" "$work/err"
(cd "$root" && "$zuimei" build --content Content --output . --date 2021-12-31 >/dev/null 2>"$work/err")
check "refuses to replace the current directory" grep -q "output-unsafe" "$work/err"

"$zuimei" build --content "$root/Content" --output "$work/x" --jobs 2305843009213693952 >/dev/null 2>"$work/err"
rc=$?
check "a huge --jobs is a usage error (exit 2), not a trap" test "$rc" -eq 2
check "…that says the range" grep -q "from 1 to 1024" "$work/err"
SOURCE_DATE_EPOCH=253402300800 "$zuimei" build --content "$root/Content" --output "$work/x" >/dev/null 2>"$work/err"
rc=$?
check "a SOURCE_DATE_EPOCH past the year 9999 is a usage error (exit 2), not a trap" test "$rc" -eq 2

# 4. SOURCE_DATE_EPOCH sets the build date: 2021-08-01 publishes nothing dated later.
SOURCE_DATE_EPOCH=1627776000 "$zuimei" build --content "$root/Content" --output "$work/early" >"$work/out" 2>&1
check "SOURCE_DATE_EPOCH is the build date" grep -q "for 2021-08-01" "$work/out"

# 5. zuimei check: 0 when clean, 1 on errors, 2 on a usage error; nothing written.
(cd "$root" && "$zuimei" check --content Content --date 2021-12-31 >"$work/out" 2>&1)
check "check: the sample content is clean (exit 0)" test $? -eq 0
check "check: prints a summary per edition and status" grep -q "^stories 2021: 1 draft, 6 approved$" "$work/out"
(cd "$fixtures" && "$zuimei" check --content broken --date 2021-12-31 >"$work/out" 2>&1)
check "check: errors exit 1" test $? -eq 1
check "check: compiler-style lines with rule ids" \
  grep -Eq '^broken/stories/2021/unknown-prefecture\.md:9:13: error: .*did you mean 伊犁哈萨克自治州\? \[unknown-term\]$' "$work/out"
(cd "$fixtures" && "$zuimei" check --content broken --date 2021-12-31 --format json >"$work/json" 2>/dev/null)
check "check --format json is JSON with file, line, column, severity, rule, message" python3 -c '
import json, sys
items = json.load(open(sys.argv[1]))
assert len(items) >= 10, len(items)
for item in items:
    assert {"file", "line", "column", "severity", "rule", "message"} <= set(item), item
assert any(i["rule"] == "unknown-key" and i["line"] == 16 for i in items)
' "$work/json"
# A Chinese locale: the same diagnostics, places and rule ids, the texts in Chinese.
LANG=zh_CN.UTF-8 LC_ALL= "$zuimei" check --content "$root/Tests/ZuimeiKitTests/Fixtures/broken" --date 2021-12-31 >"$work/zh" 2>&1
LANG=C.UTF-8 LC_ALL= "$zuimei" check --content "$root/Tests/ZuimeiKitTests/Fixtures/broken" --date 2021-12-31 >"$work/en" 2>&1
check "LANG=zh_CN: diagnostics in Chinese" grep -q "不是有效的 slug" "$work/zh"
check "…and the count line" grep -Eq "^截至 2021-12-31 已发布 [0-9]+ 篇；[0-9]+ 个错误，[0-9]+ 个警告$" "$work/zh"
check "…with the same places and rule ids as in English" \
  test "$(grep -oE '^[^ ]+: (error|warning): |\[[a-z-]+\]$' "$work/zh")" = "$(grep -oE '^[^ ]+: (error|warning): |\[[a-z-]+\]$' "$work/en")"
check "…and the per-edition summary" grep -Eq "^2021 年事迹：" "$work/zh"
check "LANG=C: in English" grep -q "is not a valid slug" "$work/en"
"$zuimei" check --content "$root/Content" --format yaml >/dev/null 2>&1
check "check: a bad option exits 2" test $? -eq 2
mkdir -p "$work/warn" && cp -r "$root/Content/." "$work/warn/"
sed -i 's/^date: 2021-08-02$/date: 2021-07-20/' "$work/warn/stories/2021/ili-example-ayixiamu/index.md"
"$zuimei" check --content "$work/warn" --date 2021-12-31 >"$work/out" 2>&1
check "check: a warning alone exits 0" test $? -eq 0
check "…and is reported" grep -q "warning: .*\[date-before-publicity\]" "$work/out"
"$zuimei" check --content "$work/warn" --date 2021-12-31 --strict >/dev/null 2>&1
check "check --strict: a warning exits 1" test $? -eq 1
# check writes nothing: run where a stray write would land (./site by default), in an empty
# folder, and compare the content folder before and after.
mkdir -p "$work/cwd"
(cd "$work/warn" && find . -type f -exec sha256sum {} + | sort) >"$work/warn-before"
(cd "$work/cwd" && "$zuimei" check --content "$work/warn" --date 2021-12-31 >/dev/null 2>&1)
(cd "$work/warn" && find . -type f -exec sha256sum {} + | sort) >"$work/warn-after"
check "check writes nothing (no ./site, nothing beside or in the content)" \
  test -z "$(ls -A "$work/cwd")" -a "$(cat "$work/warn-before")" = "$(cat "$work/warn-after")"

# 6. Preview builds: drafts with a banner, never into the default site/.
mkdir -p "$work/empty"
(cd "$work/empty" && "$zuimei" build --content "$root/Content" --drafts >/dev/null 2>"$work/err")
check "build --drafts without --output is refused (exit 2)" test $? -eq 2
check "…saying why" grep -q -- "--output" "$work/err"
check "…and writes no site/" test ! -e "$work/empty/site"
"$zuimei" build --content "$root/Content" --drafts --output "$work/preview" --date 2021-12-31 >/dev/null 2>&1
check "build --drafts --output builds the preview" test -f "$work/preview/stories/2021/aksu-example-li-na/index.html"
check "…every page with the banner" grep -q "预览 · 未审核" "$work/preview/index.html"
check "…and noindex" grep -q 'content="noindex"' "$work/preview/stories/2021/aksu-example-li-na/index.html"
"$zuimei" build --content "$root/Content" --output "$work/site" --date 2021-12-31 --drafts >/dev/null 2>"$work/err"
check "build --drafts over a published site is refused (exit 1)" test $? -eq 1
check "…saying why" grep -q "holds a published build" "$work/err"
check "…and the published site has no draft" bash -c '! grep -rq "预览 · 未审核" "$1"' _ "$work/site"
mkdir -p "$work/userdata" && echo "thesis" >"$work/userdata/thesis.txt"
"$zuimei" build --content "$root/Content" --output "$work/userdata" --date 2021-12-31 >/dev/null 2>"$work/err"
check "build --output over a folder that is not a site is refused (exit 1)" test $? -eq 1
check "…and the folder keeps its files" grep -q thesis "$work/userdata/thesis.txt"

# 6b. Signed manifests: a mirror proves where its copy came from.
(cd "$work" && "$zuimei" key new sitekey >/dev/null)
check "key new writes a secret key only its owner can read" test "$(stat -c %a "$work/sitekey.key")" = 600
check "…and a minisign public key" grep -q "^untrusted comment: minisign public key" "$work/sitekey.pub"
"$zuimei" build --content "$root/Content" --output "$work/signed" --date 2021-12-31 --signing-key "$work/sitekey.key" >/dev/null 2>&1
check "build --signing-key writes SHA256SUMS.minisig" test -f "$work/signed/SHA256SUMS.minisig"
"$zuimei" verify --key "$work/sitekey.pub" "$work/signed" >"$work/out" 2>&1
check "verify --key accepts the site's copy" grep -q "signature good" "$work/out"
# The counts name the signature like any other file: written when it is made, removed when it is not made again.
"$zuimei" build --content "$root/Content" --output "$work/recount" --date 2021-12-31 --signing-key "$work/sitekey.key" >/dev/null 2>&1
rm "$work/recount/SHA256SUMS.minisig"
"$zuimei" build --content "$root/Content" --output "$work/recount" --date 2021-12-31 --signing-key "$work/sitekey.key" --force >"$work/out" 2>/dev/null
check "a build that makes the signature again counts it written" grep -q "(1 written, [0-9]* unchanged)" "$work/out"
"$zuimei" build --content "$root/Content" --output "$work/recount" --date 2021-12-31 --force >"$work/out" 2>/dev/null
check "…and an unsigned build counts it removed" grep -q "([0-9]* written, [0-9]* unchanged, 1 removed)" "$work/out"
"$zuimei" build --content "$root/Content" --output "$work/recount" --date 2021-12-31 --signing-key "$work/sitekey.key" --force >/dev/null 2>&1
LC_ALL=zh_CN.UTF-8 "$zuimei" build --content "$root/Content" --output "$work/recount" --date 2021-12-31 --force >"$work/out" 2>/dev/null
check "…in Chinese too" grep -q "（写入 [0-9]* 个，[0-9]* 个未变，删除 1 个）" "$work/out"
if command -v minisign >/dev/null; then
  minisign -Vm "$work/signed/SHA256SUMS" -x "$work/signed/SHA256SUMS.minisig" -p "$work/sitekey.pub" >/dev/null 2>&1
  check "…and so does Debian's minisign" test $? -eq 0
fi
sed -i 's/<\/body>/<p>改过<\/p><\/body>/' "$work/signed/index.html"
new=$(sha256sum "$work/signed/index.html" | cut -d" " -f1)
sed -i -E "s/^[0-9a-f]{64}(  index\.html)$/$new\1/" "$work/signed/SHA256SUMS"
"$zuimei" verify "$work/signed" >/dev/null 2>&1
check "a page edited and re-hashed passes plain verify" test $? -eq 0
"$zuimei" verify --key "$work/sitekey.pub" "$work/signed" >"$work/out" 2>&1
check "…but not verify --key (exit 1)" test $? -eq 1
check "…which says why" grep -q "signature does not match" "$work/out"
mkdir -p "$work/keyed/Content" && cp -r "$root/Content/." "$work/keyed/Content/" && cp "$work/sitekey.key" "$work/keyed/Content/static/"
"$zuimei" build --content "$work/keyed/Content" --output "$work/keyed/site" --date 2021-12-31 \
  --signing-key "$work/keyed/Content/static/sitekey.key" >/dev/null 2>"$work/err"
check "a signing key inside the content directory is refused (exit 2)" test $? -eq 2

# A key the build would delete (inside the output, which is replaced whole, or the writer's folders
# beside it; by its name, through a link, or a path with ..) or that others can read: refused
# before anything is written, saying how to make it safe; the key and the site stay as they were.
# Each case puts the key back first, so that each shows its own refusal.
"$zuimei" build --content "$root/Content" --output "$work/keyout" --date 2021-12-31 >/dev/null 2>&1
inside_key() { cp -p "$work/sitekey.key" "$work/keyout/inside.key"; }
inside_key
(cd "$work/keyout" && find . -type f -exec sha256sum {} + | sort) >"$work/keyout-before"
"$zuimei" build --content "$root/Content" --output "$work/keyout" --date 2021-12-31 \
  --signing-key "$work/keyout/inside.key" >/dev/null 2>"$work/err"
check "a signing key inside the output directory is refused (exit 2)" test $? -eq 2
check "…and the key is still there" test -f "$work/keyout/inside.key"
check "…saying why and how to move it" grep -q "inside $work/keyout/, which every build replaces as a whole: the key would be deleted. Move it outside, e.g. mkdir -p ~/keys && mv $work/keyout/inside.key ~/keys/" "$work/err"
inside_key
ZUIMEI_SIGNING_KEY="$work/keyout/inside.key" "$zuimei" build --content "$root/Content" --output "$work/keyout" --date 2021-12-31 >/dev/null 2>"$work/err"
check "…named by ZUIMEI_SIGNING_KEY too" test $? -eq 2
inside_key
ln -s keyout/inside.key "$work/outside-link.key"
"$zuimei" build --content "$root/Content" --output "$work/keyout" --date 2021-12-31 --signing-key "$work/outside-link.key" >/dev/null 2>"$work/err"
check "…through a symbolic link that leads into it" test $? -eq 2
check "…naming where the link leads" grep -q "outside-link.key ($work/keyout/inside.key) is inside" "$work/err"
mkdir -p "$work/elsewhere"
inside_key
(cd "$work" && "$zuimei" build --content "$root/Content" --output keyout --date 2021-12-31 --signing-key elsewhere/../keyout/inside.key >/dev/null 2>"$work/err")
check "…and through a relative path with .." test $? -eq 2
inside_key
mkdir -p "$work/.keyout.zuimei-old-1" && cp -p "$work/keyout/inside.key" "$work/.keyout.zuimei-old-1/"
"$zuimei" build --content "$root/Content" --output "$work/keyout" --date 2021-12-31 \
  --signing-key "$work/.keyout.zuimei-old-1/inside.key" >/dev/null 2>"$work/err"
check "a signing key in a folder the writer removes beside the output is refused (exit 2)" test $? -eq 2
check "…which is still there" test -f "$work/.keyout.zuimei-old-1/inside.key"
rm -rf "$work/.keyout.zuimei-old-1"
(cd "$work/keyout" && find . -type f -exec sha256sum {} + | sort) >"$work/keyout-after"
check "…and the key and the site are as they were" cmp -s "$work/keyout-before" "$work/keyout-after"
cp "$work/sitekey.key" "$work/loose.key" && chmod 640 "$work/loose.key"
"$zuimei" build --content "$root/Content" --output "$work/loose-site" --date 2021-12-31 --signing-key "$work/loose.key" >/dev/null 2>"$work/err"
check "a signing key its group can read is refused (exit 2)" test $? -eq 2
check "…naming the fix: chmod 600" grep -q "(mode 640): a secret key must be readable by its owner only; run chmod 600 $work/loose.key$" "$work/err"
check "…before anything is written" test ! -e "$work/loose-site"
LANG=zh_CN.UTF-8 LC_ALL= "$zuimei" build --content "$root/Content" --output "$work/loose-site" --date 2021-12-31 --signing-key "$work/loose.key" >/dev/null 2>"$work/err"
check "…in Chinese in a Chinese locale" grep -q "请运行 chmod 600 $work/loose.key$" "$work/err"
mkfifo -m 600 "$work/fifo.key"
timeout 60 "$zuimei" build --content "$root/Content" --output "$work/loose-site" --date 2021-12-31 --signing-key "$work/fifo.key" >/dev/null 2>"$work/err"
check "a signing key that is not a regular file (a FIFO) is refused at once (exit 2)" test $? -eq 2
check "…saying so" grep -q "is not a regular file" "$work/err"

# A key with another name (a hard link) is refused, wherever the other name is: in Content/ it
# would be published (and listed in the signed SHA256SUMS), in the output it would be deleted.
mkdir -p "$work/linked/keys" && cp -r "$root/Content" "$work/linked/Content"
(cd "$work/linked" && "$zuimei" key new keys/site >/dev/null)
ln "$work/linked/keys/site.key" "$work/linked/Content/static/site-key.txt"
"$zuimei" build --content "$work/linked/Content" --output "$work/linked/site" --date 2021-12-31 \
  --signing-key "$work/linked/keys/site.key" >/dev/null 2>"$work/err"
check "a signing key with a hard link in the content directory is refused (exit 2)" test $? -eq 2
check "…before anything is written" test ! -e "$work/linked/site"
check "…saying it has 2 names and how to give it one" \
  grep -q "has 2 names (hard links).*find / -samefile $work/linked/keys/site.key.*cp -p $work/linked/keys/site.key $work/linked/keys/site.key.new && mv $work/linked/keys/site.key.new $work/linked/keys/site.key" "$work/err"
LANG=zh_CN.UTF-8 LC_ALL= "$zuimei" build --content "$work/linked/Content" --output "$work/linked/site" --date 2021-12-31 \
  --signing-key "$work/linked/keys/site.key" >/dev/null 2>"$work/err"
check "…in Chinese in a Chinese locale" grep -q "有 2 个名字（硬链接）" "$work/err"
rm "$work/linked/Content/static/site-key.txt" && ln "$work/linked/keys/site.key" "$work/linked/keys/backup.key"
"$zuimei" build --content "$work/linked/Content" --output "$work/linked/site" --date 2021-12-31 \
  --signing-key "$work/linked/keys/site.key" >/dev/null 2>"$work/err"
check "…and wherever its other name is (exit 2)" test $? -eq 2
rm "$work/linked/keys/backup.key"

# A folder above the key that is, through a bind mount, the output, a folder the writer removes
# beside it, a folder inside it, or a folder inside Content/: the paths differ, the device and
# inode do not. Refused before anything is written (root only: each in a mount namespace of its own).
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
  mounted() {  # mounted SOURCE TARGET COMMAND...: COMMAND with SOURCE bind-mounted on TARGET, seen by it alone
    unshare -m sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' _ "$@"
  }
  m="$work/mounted"
  mkdir -p "$m/keys" "$m/keys-view" "$m/Content" && cp -r "$root/Content/." "$m/Content/" && mkdir -p "$m/Content/static/keys"
  fresh_key() { rm -f "$m/keys/site.key" "$m/keys/site.pub" && (cd "$m" && "$zuimei" key new keys/site >/dev/null); }
  fresh_key
  mounted "$m/keys" "$m/Content/static/keys" "$zuimei" build --content "$m/Content" --output "$m/site" --date 2021-12-31 \
    --signing-key "$m/keys/site.key" >/dev/null 2>"$work/err"
  check "a signing key whose folder is mounted inside Content/ is refused (exit 2)" test $? -eq 2
  check "…naming where Content/ holds it" grep -q "site.key ($m/Content/static/keys/site.key) is inside $m/Content/" "$work/err"
  check "…before anything is written" test ! -e "$m/site"
  "$zuimei" build --content "$m/Content" --output "$m/site" --date 2021-12-31 >/dev/null 2>&1
  mounted "$m/site" "$m/keys-view" sh -c '"$1" key new "$2"/site >/dev/null && exec "$1" build --content "$3" --output "$4" --date 2021-12-31 --force --signing-key "$2"/site.key' \
    _ "$zuimei" "$m/keys-view" "$m/Content" "$m/site" >/dev/null 2>"$work/err"
  check "a signing key in a folder that is the output, mounted elsewhere, is refused (exit 2)" test $? -eq 2
  check "…naming it inside the output" grep -q "keys-view/site.key ($m/site/site.key) is inside $m/site/, which every build replaces" "$work/err"
  check "…and the key is still there" test -f "$m/site/site.key"
  rm -f "$m/site/site.key" "$m/site/site.pub"
  mkdir -p "$m/site/keys" && fresh_key
  mounted "$m/keys" "$m/site/keys" "$zuimei" build --content "$m/Content" --output "$m/site" --date 2021-12-31 --force \
    --signing-key "$m/keys/site.key" >/dev/null 2>"$work/err"
  check "a signing key whose folder is mounted inside the output is refused (exit 2)" test $? -eq 2
  check "…naming it inside the output" grep -q "site.key ($m/site/keys/site.key) is inside $m/site/" "$work/err"
  check "…and is still there" test -f "$m/keys/site.key"
  rm -rf "$m/site/keys"
  mkdir -p "$m/.site.zuimei-old-1" && fresh_key
  mounted "$m/keys" "$m/.site.zuimei-old-1" "$zuimei" build --content "$m/Content" --output "$m/site" --date 2021-12-31 --force \
    --signing-key "$m/keys/site.key" >/dev/null 2>"$work/err"
  check "a signing key whose folder is mounted on a folder the writer removes beside the output is refused (exit 2)" test $? -eq 2
  check "…naming it beside the output" grep -q "site.key ($m/.site.zuimei-old-1/site.key) is inside a folder a build makes and removes beside $m/site/" "$work/err"
  check "…and is still there" test -f "$m/keys/site.key"
  rm -rf "$m/.site.zuimei-old-1"
fi

# 6b2. verify --to-fetch prints only relative paths inside the copy, for wget: any other line of
#      SHA256SUMS is an error on stderr, exit 1, and nothing reaches stdout (wget reads it as URLs).
cp -a "$work/keyout" "$work/hostile" && rm -f "$work/hostile/inside.key"
cp "$work/hostile/SHA256SUMS" "$work/sums-whole"
hash=$(sha256sum "$work/hostile/index.html" | cut -d" " -f1)
for path in '//evil.example/y.html' '../../outside.html' '/etc/passwd' 'http://x/y' 'a/./b' 'a\b' 'a//b' \
            "$(printf 'a\rb')" "$(printf 'a\033[2Jb')" 'x:y.html'; do
  { cat "$work/sums-whole"; printf '%s  %s\n' "$hash" "$path"; } >"$work/hostile/SHA256SUMS"
  "$zuimei" verify "$work/hostile" --to-fetch >"$work/out" 2>"$work/err"
  rc=$?
  check "verify --to-fetch with '$(printf '%q' "$path")' listed: exit 1, nothing on stdout, the line's error on stderr" \
    test "$rc" -eq 1 -a ! -s "$work/out" -a "$(grep -c "SHA256SUMS:$(( $(wc -l <"$work/sums-whole") + 1 )): error: " "$work/err")" -eq 1
done
{ cat "$work/sums-whole"; printf 'not a checksum line\n'; } >"$work/hostile/SHA256SUMS"
"$zuimei" verify "$work/hostile" --to-fetch >"$work/out" 2>"$work/err"
check "verify --to-fetch with a malformed line: exit 1, the error on stderr, not stdout" \
  test $? -eq 1 -a ! -s "$work/out" -a -s "$work/err"
{ cat "$work/sums-whole"; printf '%s  ../../outside.html\n' "$hash"; } >"$work/hostile/SHA256SUMS"
"$zuimei" verify "$work/hostile" >"$work/out" 2>"$work/err"
check "plain verify refuses the same line (exit 1, on stderr)" test $? -eq 1 -a ! -s "$work/out" -a -s "$work/err"
"$zuimei" verify --key "$work/sitekey.pub" "$work/hostile" --to-fetch >"$work/out" 2>"$work/err"
check "verify --key --to-fetch without a signature: exit 1, the error on stderr, not stdout" \
  test $? -eq 1 -a ! -s "$work/out" -a -s "$work/err"
cp "$work/sums-whole" "$work/hostile/SHA256SUMS"
mkdir -p "$work/elsewhere" && mv "$work/hostile/stories" "$work/elsewhere/stories" && ln -s ../elsewhere/stories "$work/hostile/stories"
"$zuimei" verify "$work/hostile" --to-fetch >"$work/out" 2>"$work/err"
check "verify --to-fetch with a listed folder that is a symbolic link out of the copy: exit 1, nothing on stdout" \
  test $? -eq 1 -a ! -s "$work/out"
check "…the link named on stderr with the fix" grep -q "hostile/stories: error: a symbolic link .* remove it (rm $work/hostile/stories)" "$work/err"

# 6b2b. wget --timestamping rewrites a file in place: a listed file to fetch again (changed) that
#       has another name (a hard link, perhaps outside the copy) or is not a regular file is an
#       error, and nothing is printed. Unchanged hard links (a cp -al snapshot) are fine.
"$zuimei" build --content "$root/Content" --output "$work/mirror-a" --date 2021-12-31 >/dev/null 2>&1
cp -al "$work/mirror-a" "$work/mirror-b"
"$zuimei" verify "$work/mirror-b" --to-fetch >"$work/out" 2>"$work/err"
check "verify --to-fetch on a cp -al snapshot: exit 0, nothing to fetch, no error" test $? -eq 0 -a ! -s "$work/out" -a ! -s "$work/err"
"$zuimei" verify "$work/mirror-b" >"$work/out" 2>"$work/err"
check "…and plain verify finds it whole (exit 0)" test $? -eq 0
rm "$work/mirror-b/feed.xml"
check "…a missing file is still printed to fetch" test "$("$zuimei" verify "$work/mirror-b" --to-fetch)" = "feed.xml"
echo "not robots" >"$work/victim.txt"
rm "$work/mirror-b/robots.txt" && ln "$work/victim.txt" "$work/mirror-b/robots.txt" && touch -d 2000-01-01 "$work/victim.txt"
"$zuimei" verify "$work/mirror-b" --to-fetch >"$work/out" 2>"$work/err"
check "verify --to-fetch with a changed file that is a hard link to one outside the copy: exit 1, nothing on stdout" \
  test $? -eq 1 -a ! -s "$work/out"
check "…the file named on stderr with the fix" \
  grep -q "mirror-b/robots.txt: error: changed, and it has 2 names (hard links).*remove it (rm $work/mirror-b/robots.txt) and run zuimei verify again \[verify-hard-link\]" "$work/err"
"$zuimei" verify "$work/mirror-b" >"$work/out" 2>"$work/err"
check "plain verify reports it too (exit 1)" test $? -eq 1
check "…the error on stderr" grep -q "mirror-b/robots.txt: error: changed, and it has 2 names" "$work/err"
check "…and counts it" grep -q "; 1 file not safe to fetch again$" "$work/out"
check "…and the file outside is as it was" grep -qx "not robots" "$work/victim.txt"

# 6b2c. A SHA256SUMS of 1,000 deep paths (4.1 MB, each 2,042 segments deep): verify keeps its
#       memory in proportion to the file, and its time too (it stored every path prefix: 8.6 GB).
mkdir -p "$work/deep"
deep=$(printf 'a/%.0s' $(seq 2040))
for i in $(seq -f %05g 0 999); do printf '%064d  x%s/%sf\n' 0 "$i" "$deep"; done >"$work/deep/SHA256SUMS"
(ulimit -v 1500000; timeout 60 "$zuimei" verify "$work/deep" >"$work/out" 2>"$work/err")
check "verify of 1,000 deep paths: within 1.5 GB of address space and a minute, exit 1" test $? -eq 1
check "…all 1,000 missing" grep -q ": 0 files checked; 1000 missing, 0 changed, 0 extra$" "$work/out"
(ulimit -v 1500000; timeout 60 "$zuimei" verify "$work/deep" --to-fetch >"$work/out" 2>"$work/err")
check "…and with --to-fetch (exit 0, 1,000 paths)" test $? -eq 0 -a "$(wc -l <"$work/out")" -eq 1000

# 6b3. A signed build says so in build.json: a copy without SHA256SUMS.minisig is not whole,
#      and --to-fetch names the file to fetch.
"$zuimei" build --content "$root/Content" --output "$work/signed2" --date 2021-12-31 --signing-key "$work/sitekey.key" >/dev/null 2>&1
check "a signed build's build.json says so" grep -q '"signed": true' "$work/signed2/build.json"
check "…and an unsigned one's does not" bash -c '! grep -q signed "$1"' _ "$work/keyout/build.json"
check "…and its pages link SHA256SUMS.minisig" grep -q 'href="SHA256SUMS.minisig"' "$work/signed2/index.html"
rm "$work/signed2/SHA256SUMS.minisig"
"$zuimei" verify "$work/signed2" >"$work/out" 2>&1
check "verify: a signed copy without its signature is not whole (exit 1)" test $? -eq 1
check "…and says what is missing" grep -qx "missing: SHA256SUMS.minisig" "$work/out"
check "verify --to-fetch prints SHA256SUMS.minisig to fetch" test "$("$zuimei" verify "$work/signed2" --to-fetch)" = "SHA256SUMS.minisig"

# 6c. A FIFO linked into Content/ (a page and a story's file) is never read: check finishes.
mkdir -p "$work/fifo" && cp -r "$root/Content" "$work/fifo/Content" && mkfifo "$work/fifo/Content/the.fifo"
ln -s ../the.fifo "$work/fifo/Content/pages/fifo.md"
ln -s ../../../the.fifo "$work/fifo/Content/stories/2021/hotan-example-maimaiti/clip.mp4"
timeout 60 "$zuimei" check --content "$work/fifo/Content" --date 2021-12-31 >/dev/null 2>&1
check "a FIFO linked into Content/ does not hang check (exit 0 or 1, not 124)" test $? -le 1
mkfifo "$work/signed/robots.txt.fifo" && mv "$work/signed/robots.txt.fifo" "$work/signed/robots.txt" 2>/dev/null
timeout 60 "$zuimei" verify "$work/signed" >/dev/null 2>&1
check "a FIFO in a mirror does not hang verify (exit 1, not 124)" test $? -eq 1

# 6d. A fresh story scaffold (status: draft, fields to fill in) never stops a build.
year=$(date +%Y)
(cd "$work" && "$zuimei" new site drafts >/dev/null 2>&1 && cd drafts && "$zuimei" new story "$year/fresh-draft" --name 示例 >/dev/null 2>&1)
check "new site DIR writes DIR/Content, where commands run from DIR find it" test -f "$work/drafts/Content/stories/$year/fresh-draft/index.md"
"$zuimei" build --content "$work/drafts/Content" --output "$work/drafts-site" --date "$year-12-31" >"$work/out" 2>"$work/err"
check "a new story's scaffold builds (exit 0) with warnings" test $? -eq 0 -a -s "$work/err"
check "…and no errors" grep -q "^0 errors" "$work/err"
check "…counting in the singular where it is one: built 1 story" grep -Eq "^built 1 story for $year-12-31: [0-9]+ files, [0-9]+ bytes in " "$work/out"
"$zuimei" check --content "$work/drafts/Content" --date "$year-12-31" --strict >"$work/out" 2>&1
check "check counts the same way (1 error, …)" grep -Eq "^1 published as of $year-12-31; [0-9]+ errors?, 0 warnings$" "$work/out"
# 6e. A story needs its edition: none for the year is an error that says how to write it.
"$zuimei" new story "$((year + 3))/no-edition" --content "$work/drafts/Content" >/dev/null 2>"$work/err"
check "new story for a year without an edition: exit 1" test $? -eq 1
check "…naming the file and the command, with the --content given" grep -q "editions/$((year + 3)).yml does not exist.*zuimei new edition $((year + 3)) --content $work/drafts/Content" "$work/err"
check "…and writes nothing" test ! -e "$work/drafts/Content/stories/$((year + 3))"

# 7. Private data: a phone number from the nomination form, disguised in a story's text,
#    stops the build at the place it is written (column 8: the first digit after
#    "联系电话：**"), never printing the value.
mkdir -p "$work/leak" && cp -r "$root/Content/." "$work/leak/"
story="$work/leak/stories/2021/ili-example-ayixiamu/index.md"
phone=$(sed -n 's/^  phone: "\{0,1\}\([0-9]*\)"\{0,1\}$/\1/p' "$story" | head -1)
check "the sample story has a private phone" test -n "$phone"
printf '\n联系电话：**%s**%s。\n' "${phone:0:3}" "${phone:3}" >>"$story"
line=$(wc -l <"$story")
"$zuimei" build --content "$work/leak" --output "$work/site" --date 2021-12-31 >/dev/null 2>"$work/err"
check "a disguised private phone in a story fails the build (exit 1)" test $? -eq 1
check "…at its file:line:column" grep -Eq "ili-example-ayixiamu/index\.md:$line:8: error: .*\[private-data\]$" "$work/err"
check "…without printing the value" bash -c '! grep -q "$1" "$2"' _ "${phone:3}" "$work/err"
(cd "$work/site" && find . -type f -exec sha256sum {} + | sort) >"$work/after-leak"
check "…and leaves the old site byte-identical" cmp -s "$work/before" "$work/after-leak"

# 9. Under a Chinese locale every line every command prints is Chinese (file names, rule ids,
#    `error`/`warning` and the commands to type stay as they are).
zh="$work/zh-walk"; mkdir -p "$zh"; out="$work/zh-walk.out"; : >"$out"
zhrun() { (cd "$zh" && LC_ALL=zh_CN.UTF-8 timeout 120 "$zuimei" "$@") >>"$out" 2>&1; }
zhrun new site team
zhrun new site team                                   # exists
(cd "$zh/team" && LC_ALL=zh_CN.UTF-8 "$zuimei" new story 2099/x --name 测试 >>"$out" 2>&1)  # no edition
zhrun new story 2026/y --content team/Content --prefecture 伊犁州
zhrun new story bad-id --content team/Content
zhrun new edition 20x --content team/Content
zhrun new translation 2026/example-story ug --content team/Content
zhrun check --content team/Content --date 2026-12-31
zhrun build --content team/Content --output "$zh/site" --date 2026-12-31
zhrun build --content team/Content --output "$zh/site" --date 2026-12-31
zhrun build --content team/Content --output "$zh/site" --date x
zhrun build --content team/Content --drafts
zhrun verify "$zh/site"
echo changed >>"$zh/site/index.html"; rm "$zh/site/feed.xml"; echo x >"$zh/site/extra.txt"
zhrun verify "$zh/site"
zhrun verify "$zh/team"
zhrun key new "$zh/k"
zhrun key new "$zh/k"
zhrun verify --key "$zh/k.pub" "$zh/site"
zhrun export wechat --content team/Content --output "$zh/wechat" --date 2026-12-31
zhrun export wechat --content team/Content --output "$zh/wechat" --date 2026-12-31 2026/example-stroy
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
python3 -c 'import socket, sys, time; s=socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); time.sleep(30)' "$port" &
holder=$!
for _ in $(seq 1 100); do python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$port" 2>/dev/null && break; sleep 0.1; done
zhrun serve --content team/Content --port "$port"     # in use
check "serve names a port in use, in Chinese" grep -q "端口 $port 已被其他程序占用" "$out"
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
(cd "$zh" && exec env LC_ALL=zh_CN.UTF-8 "$zuimei" serve --content team/Content --port "$port" >>"$out" 2>&1) & server=$!
for _ in $(seq 1 100); do grep -q "http://" "$out" && break; sleep 0.2; done
kill -INT "$server"
for _ in $(seq 1 50); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
kill -9 "$server" 2>/dev/null; wait "$server" 2>/dev/null
check "under zh_CN every command speaks Chinese" python3 - "$out" <<'PY'
import re, sys
lines = [l for l in open(sys.argv[1], encoding="utf-8").read().splitlines() if l.strip()]
english = [l for l in lines if not re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", l)]
print("\n".join(english[:20]), file=sys.stderr)
sys.exit(1 if english or len(lines) < 30 else 0)
PY
check "…the serve session ends with its own stop line" grep -q "^zuimei: 已停止$" "$out"
check "…export wechat names the story it cannot export" \
  grep -q "没有可导出的事迹 '2026/example-stroy'" "$out"
check "…export wechat says where the export is" grep -q "请打开 $zh/wechat/index.html" "$out"
check "…and a hint repeats the user's --content" grep -q "zuimei new edition 20x --content team/Content\|'20x' 不是年份" "$out"

# 8. The release binary a user runs has no test hooks: ZUIMEI_PAUSE_AT is ignored (checked
#    where a release build exists, as after `make site`).
if [ -x "$root/.build/release/zuimei" ]; then
  ZUIMEI_PAUSE_AT=render timeout 120 "$root/.build/release/zuimei" build --content "$root/Content" \
    --output "$work/release-site" --date 2021-12-31 >/dev/null 2>"$work/err"
  check "the release binary ignores ZUIMEI_PAUSE_AT" test $? -eq 0 -a -f "$work/release-site/index.html"
fi

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
