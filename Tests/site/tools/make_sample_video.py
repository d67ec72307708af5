"""Makes the sample site's short publicity clip (Content/stories/2021/hotan-example-maimaiti/
video.webm) without ffmpeg: headless Chromium draws three seconds of frames on a canvas and
records them with MediaRecorder (VP8 in WebM, which every browser plays). Run once by hand,
from the repository root, with the test tools installed (.ci/install-test-tools):

    .build/pytools/bin/python Tests/site/tools/make_sample_video.py OUT.webm

The clip is committed; nothing in `make site` or `make test` runs this."""
import base64
import shutil
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

SCRIPT = """
const done = arguments[arguments.length - 1];
const canvas = document.createElement('canvas');
canvas.width = 320; canvas.height = 180;
document.body.appendChild(canvas);
const g = canvas.getContext('2d');
const stream = canvas.captureStream(10);
const recorder = new MediaRecorder(stream, {mimeType: 'video/webm;codecs=vp8', videoBitsPerSecond: 120000});
const chunks = [];
recorder.ondataavailable = e => chunks.push(e.data);
recorder.onstop = async () => {
  const buffer = await new Blob(chunks, {type: 'video/webm'}).arrayBuffer();
  let binary = '';
  new Uint8Array(buffer).forEach(b => binary += String.fromCharCode(b));
  done(btoa(binary));
};
let frame = 0;
function draw() {
  g.fillStyle = '#e8efe3'; g.fillRect(0, 0, 320, 180);          // sky
  g.fillStyle = '#7a9a4a'; g.fillRect(0, 120, 320, 60);         // field
  g.fillStyle = '#2f6db5';                                       // a drip line moving across
  g.fillRect((frame * 8) % 320, 140, 60, 4);
  g.fillStyle = '#c0392b'; g.beginPath(); g.arc(60 + frame * 6, 60, 18, 0, 2 * Math.PI); g.fill();
  frame += 1;
}
draw();
recorder.start();
const timer = setInterval(() => { draw(); if (frame > 30) { clearInterval(timer); recorder.stop(); } }, 100);
"""


def main(out):
    profile = tempfile.mkdtemp(prefix="zuimei-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))
    try:
        driver.set_script_timeout(30)
        driver.get("about:blank")
        data = base64.b64decode(driver.execute_async_script(SCRIPT))
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    with open(out, "wb") as f:
        f.write(data)
    print(f"{out}: {len(data)} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
