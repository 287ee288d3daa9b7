using System.Device.Gpio;
using System.Device.Gpio.Drivers;

namespace EdgeSearch.Daemon.Gpio;

/// <summary>The board's GPIO through System.Device.Gpio's libgpiod driver on /dev/gpiochipN.</summary>
public sealed class BoardGpio(int chip) : IGpio
{
    private readonly GpioController _controller = new(new LibGpiodDriver(chip));

    public void OpenOutput(int pin) => _controller.OpenPin(pin, PinMode.Output, PinValue.Low);

    public void Write(int pin, bool high) => _controller.Write(pin, high ? PinValue.High : PinValue.Low);

    public void WatchInput(int pin, bool rising, Action onEdge)
    {
        _controller.OpenPin(pin, PinMode.Input);
        _controller.RegisterCallbackForPinValueChangedEvent(pin, rising ? PinEventTypes.Rising : PinEventTypes.Falling,
            (_, _) => onEdge());
    }

    public void Dispose() => _controller.Dispose();
}
