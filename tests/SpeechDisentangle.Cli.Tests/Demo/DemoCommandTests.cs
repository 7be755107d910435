using System.Diagnostics;
using System.Text.RegularExpressions;
using SkiaSharp;

namespace SpeechDisentangle.Cli.Tests.Demo;

[Collection("vc-cli")]
public sealed partial class DemoCommandTests(VcExperimentFixture fixture)
{
    [GeneratedRegex("<audio[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex AudioSrc();

    [GeneratedRegex("<img[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex ImgSrc();

    [GeneratedRegex("data-check=\"([^\"]*)\"")]
    private static partial Regex CheckResult();

    private string WriteDemo()
    {
        string outDir = Path.Combine(fixture.Root, "demo-" + Guid.NewGuid().ToString("N")[..8]);
        int code = Program.Main(["demo", "--checkpoint", fixture.Checkpoint, "--data-dir", fixture.Features, "--out-dir", outDir, "--pairs", "2"]);
        code.Should().Be(0);
        return outDir;
    }

    [Fact]
    public void Demo_TinyModel_EveryNamedWavAndPngIsValid()
    {
        string outDir = WriteDemo();
        string html = File.ReadAllText(Path.Combine(outDir, "index.html"));

        var audio = AudioSrc().Matches(html).Select(m => m.Groups[1].Value).ToList();
        var images = ImgSrc().Matches(html).Select(m => m.Groups[1].Value).ToList();
        audio.Should().HaveCount(12, "2 sections x 2 rows x (source, target, converted)");
        images.Should().HaveCount(12);
        html.Should().Contain("Seen speakers").And.Contain("Unseen target speakers");
        foreach (var a in audio)
        {
            var (rate, _, seconds) = WavHeader.Read(Path.Combine(outDir, a));
            rate.Should().Be(16000);
            seconds.Should().BePositive(a);
        }
        foreach (var i in images)
        {
            using var bitmap = SKBitmap.Decode(Path.Combine(outDir, i));
            bitmap.Should().NotBeNull(i);
            bitmap.Width.Should().BePositive();
        }
    }

    [ChromiumFact]
    public void Demo_InHeadlessChromium_PageLoadsAndEveryPictureRenders()
    {
        string chromium = ChromiumFactAttribute.ChromiumPath!;
        string outDir = WriteDemo();
        // A copy of the page with a check script that writes its findings into the DOM before --dump-dom reads it.
        string page = File.ReadAllText(Path.Combine(outDir, "index.html"));
        const string script = """
            <script>
            window.addEventListener('load', () => {
              const imgs = [...document.images];
              const ok = imgs.filter(i => i.complete && i.naturalWidth > 0).length;
              const audios = document.querySelectorAll('audio[src]').length;
              document.body.setAttribute('data-check', `images=${imgs.length} rendered=${ok} audio=${audios}`);
            });
            </script>
            """;
        string check = Path.Combine(outDir, "check.html");
        File.WriteAllText(check, page.Replace("</body>", script + "</body>", StringComparison.Ordinal));
        string profile = Directory.CreateTempSubdirectory("chromium-").FullName;
        try
        {
            var info = new ProcessStartInfo(chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--no-first-run", $"--user-data-dir={profile}",
                         "--allow-file-access-from-files", "--virtual-time-budget=10000", "--dump-dom", new Uri(check).AbsoluteUri })
                info.ArgumentList.Add(arg);
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string dom = process.StandardOutput.ReadToEnd();
            process.WaitForExit(120_000).Should().BeTrue("chromium should finish");
            var m = CheckResult().Match(dom);
            m.Success.Should().BeTrue($"the check script should have run; chromium said: {stderr.Result}");
            m.Groups[1].Value.Should().Be("images=12 rendered=12 audio=12");
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
