using Microsoft.Playwright;
using ZXing;
using ZXing.Common;
using ZXing.Datamatrix;

namespace SupplyTracker.Tests.Pages;

/// <summary>
/// A phone's camera on Donations/New: Chromium's fake camera plays a rendered DataMatrix (a Y4M file), the served ZXing
/// decoder reads it, and the line gets item, pack, lot and expiry. Its own Chromium, because the camera is a launch flag.
/// </summary>
[Trait("Database", "true")]
public sealed class ScanCameraPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    // (01) the 84 disinfectant's carton, (17) expiry, (10) lot last: a GS1 element string that needs no separator.
    private const string Code = "01220200110000511728063010L-CAM-84";

    [Fact]
    public async Task A_datamatrix_held_to_the_camera_fills_the_line()
    {
        var video = Path.Combine(Path.GetTempPath(), $"scan-{Guid.NewGuid():N}.y4m");
        await File.WriteAllBytesAsync(video, Y4m(DataMatrix(Code), 640, 480));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserApp.ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                $"--use-file-for-fake-video-capture={video}"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl, Permissions = ["camera"] });
        context.SetDefaultTimeout(120_000);
        var page = await context.NewPageAsync();
        try
        {
            await BrowserApp.RunAsync(page, "scan-camera", async () =>
            {
                await BrowserApp.SignInAsync(page, "logistics");
                await page.GotoAsync("/Donations/New");
                await page.ClickAsync("[data-scan-camera]");
                // Decoding frames (TRY_HARDER over six formats) takes seconds on a busy 2-core machine: wait for the value, not 5 s.
                await Assertions.Expect(page.Locator("#Input_Lines_0__LotNumber")).ToHaveValueAsync("L-CAM-84", new() { Timeout = 60_000 });
                Assert.Equal("DIS-84", await page.InputValueAsync("#Input_Lines_0__Item"));
                Assert.Equal("2028-06-30", await page.InputValueAsync("#Input_Lines_0__ExpiresOn"));
                Assert.Equal("1", await page.InputValueAsync("#Input_Lines_0__Quantity"));
                // The camera stops once the code is read.
                await Assertions.Expect(page.Locator("[data-camera]")).ToBeHiddenAsync();
            });
        }
        finally
        {
            File.Delete(video);
        }
    }

    private static BitMatrix DataMatrix(string text) =>
        new DataMatrixWriter().encode(text, BarcodeFormat.DATA_MATRIX, 0, 0);

    /// <summary>One grey frame (4:2:0) with the symbol in the middle, 10 pixels a module, on a white quiet zone; the file loops.</summary>
    private static byte[] Y4m(BitMatrix symbol, int width, int height)
    {
        const int module = 10;
        var header = System.Text.Encoding.ASCII.GetBytes($"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n");
        var frameHeader = System.Text.Encoding.ASCII.GetBytes("FRAME\n");
        var luma = new byte[width * height];
        Array.Fill(luma, (byte)235);
        var left = (width - symbol.Width * module) / 2;
        var top = (height - symbol.Height * module) / 2;
        for (var y = 0; y < symbol.Height * module; y++)
            for (var x = 0; x < symbol.Width * module; x++)
                if (symbol[x / module, y / module]) luma[(top + y) * width + left + x] = 16;
        var chroma = new byte[width / 2 * (height / 2)];
        Array.Fill(chroma, (byte)128);
        using var file = new MemoryStream();
        file.Write(header);
        for (var frame = 0; frame < 2; frame++)
        {
            file.Write(frameHeader);
            file.Write(luma);
            file.Write(chroma);
            file.Write(chroma);
        }
        return file.ToArray();
    }
}
