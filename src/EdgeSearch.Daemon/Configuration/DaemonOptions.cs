using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Daemon.Configuration;

/// <summary>
/// Everything edgesearchd is told, bound from the root of its configuration
/// (/etc/edgesearch/edgesearch.json, --config FILE, EDGESEARCH_ variables, then the command line).
/// </summary>
public sealed class DaemonOptions
{
    /// <summary>The ONNX model file.</summary>
    public string? Model { get; set; }

    /// <summary>Inference engine: managed, ort or auto.</summary>
    public string Backend { get; set; } = "auto";

    /// <summary>Threads per inference in either engine: ONNX Runtime's intra-op threads, or the managed engine's workers beside the decision loop's thread.</summary>
    public int Threads { get; set; } = 1;

    /// <summary>Takes a model whose input is over 1024×1024×3 values; without it such a model refuses to start.</summary>
    public bool AllowLargeInput { get; set; }

    /// <summary>The SQLite gallery of enrolled reference images.</summary>
    public string? Gallery { get; set; }

    /// <summary><c>v4l2:/dev/videoN</c>, <c>rpicam</c> or <c>replay:SPEC</c>.</summary>
    public string? Source { get; set; }

    /// <summary>Stop after this many frames have been decided; 0 runs until stopped.</summary>
    public long MaxFrames { get; set; }

    /// <summary>Frames waiting between capture and inference; a live camera drops the oldest beyond this.</summary>
    public int QueueCapacity { get; set; } = 2;

    public CameraOptions Camera { get; set; } = new();
    public ReplayOptions Replay { get; set; } = new();
    public TriggerOptions Trigger { get; set; } = new();

    /// <summary>The part of each frame the model sees; the whole frame when absent.</summary>
    public RegionOptions? Roi { get; set; }

    public DecisionOptions Decision { get; set; } = new();
    public GpioOutputOptions Outputs { get; set; } = new();
    public DecisionLogOptions DecisionLog { get; set; } = new();
    public EvidenceOptions Evidence { get; set; } = new();
    public MetricsOptions Metrics { get; set; } = new();
    public WebOptions Web { get; set; } = new();
    public MqttOptions Mqtt { get; set; } = new();
}

public sealed class CameraOptions
{
    public int Width { get; set; } = 640;
    public int Height { get; set; } = 480;
    public double Fps { get; set; } = 30;

    /// <summary>V4L2 pixel format: yuyv or mjpeg.</summary>
    public string PixelFormat { get; set; } = "yuyv";

    /// <summary>The program that streams CSI frames; rpicam-vid unless a test or an older OS says otherwise.</summary>
    public string RpicamCommand { get; set; } = "rpicam-vid";

    /// <summary>First and longest wait before reopening a lost camera.</summary>
    public double RetryInitialSeconds { get; set; } = 0.5;
    public double RetryMaxSeconds { get; set; } = 30;
}

public sealed class ReplayOptions
{
    /// <summary>Frames per second; 0 replays as fast as the pipeline takes them.</summary>
    public double Fps { get; set; }
    public bool Loop { get; set; }
}

public sealed class TriggerOptions
{
    /// <summary>free-run, or gpio for a part-present sensor.</summary>
    public string Mode { get; set; } = "free-run";

    /// <summary>Free-run rate; 0 takes every frame the source delivers.</summary>
    public double Fps { get; set; }

    public int Chip { get; set; }
    public int Pin { get; set; } = -1;

    /// <summary>rising or falling.</summary>
    public string Edge { get; set; } = "rising";
    public double DebounceMs { get; set; } = 20;
}

public sealed class RegionOptions
{
    public int X { get; set; }
    public int Y { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }

    public FrameRegion ToRegion() => new(X, Y, Width, Height);
}

public sealed class DecisionOptions
{
    /// <summary>Gallery labels that mean a good part, each also matching labels that end in "-NAME" ("good" names
    /// "washer-good"), ignoring case; none means "good". Every other known label is a defect.</summary>
    public List<string> OkLabels { get; set; } = [];

    /// <summary>The open-set similarity threshold; when absent, the one calibrated and stored in the gallery.</summary>
    public float? Threshold { get; set; }
}

public sealed class GpioOutputOptions
{
    public int Chip { get; set; }

    /// <summary>Output pins per outcome; -1 leaves that outcome without a pin.</summary>
    public int OkPin { get; set; } = -1;
    public int DefectPin { get; set; } = -1;
    public int UnknownPin { get; set; } = -1;
    public double PulseMs { get; set; } = 100;

    /// <summary>Refuse to start when the pins cannot be opened (no libgpiod, no chip, no permission). Off by default:
    /// the decisions still reach the log and MQTT, and the one warning says why the pins are dead. A line that
    /// rejects parts only through these pins turns it on.</summary>
    public bool Required { get; set; }

    public bool Any => OkPin >= 0 || DefectPin >= 0 || UnknownPin >= 0;
}

public sealed class DecisionLogOptions
{
    /// <summary>JSON Lines file; none when empty.</summary>
    public string? Path { get; set; }
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Rotated files kept beside the live one (FILE.1 is the newest).</summary>
    public int Keep { get; set; } = 5;
}

public sealed class EvidenceOptions
{
    /// <summary>Folder for PNGs of defect and unknown frames; none when empty.</summary>
    public string? Directory { get; set; }
    public long MaxBytes { get; set; } = 256 * 1024 * 1024;
}

public sealed class MetricsOptions
{
    public double IntervalSeconds { get; set; } = 60;

    /// <summary>Port for Prometheus text; 0 (the default) serves nothing.</summary>
    public int PrometheusPort { get; set; }

    /// <summary>The address the Prometheus port is bound to; loopback unless set.</summary>
    public string Address { get; set; } = "127.0.0.1";
}

public sealed class WebOptions
{
    /// <summary>Port of the operator page; 0 (the default) serves nothing.</summary>
    public int Port { get; set; }

    /// <summary>The address the page is bound to; loopback unless set (0.0.0.0 for every interface).</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>What a request that changes something (teach, ROI, threshold) must carry; without one, nothing can be changed.</summary>
    public string? Token { get; set; }

    /// <summary>Where the page's changes (ROI, threshold) are saved; by default edgesearch.operator.json beside the gallery.</summary>
    public string? SettingsFile { get; set; }

    /// <summary>Start times (local, HH:mm) of the shifts the page counts; the default is three 8-hour shifts.</summary>
    public List<string> Shifts { get; set; } = [];
}
