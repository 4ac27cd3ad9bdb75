## Pins of phin_pynq_z2 (rtl/fpga/board/phin_pynq_z2.v) on a TUL PYNQ-Z2, XC7Z020-1CLG400C.
## Package pins as in the board's master constraints file; every bank used is 3.3 V (LVCMOS33).
## Issue 19, item 5; docs/fpga.md, "The board: PYNQ-Z2 and a Pmod DA2".

## 125 MHz system clock (processor description section 9.1)
set_property -dict { PACKAGE_PIN H16 IOSTANDARD LVCMOS33 } [get_ports { sysclk }]
create_clock -name sysclk -period 8.000 -waveform { 0.000 4.000 } [get_ports { sysclk }]

## Push buttons BTN0..BTN3 (active high): reset, ignition, load state from SW1..SW0, meditation
set_property -dict { PACKAGE_PIN D19 IOSTANDARD LVCMOS33 } [get_ports { btn[0] }]
set_property -dict { PACKAGE_PIN D20 IOSTANDARD LVCMOS33 } [get_ports { btn[1] }]
set_property -dict { PACKAGE_PIN L20 IOSTANDARD LVCMOS33 } [get_ports { btn[2] }]
set_property -dict { PACKAGE_PIN L19 IOSTANDARD LVCMOS33 } [get_ports { btn[3] }]

## Slide switches SW0, SW1: the state code loaded by BTN2
set_property -dict { PACKAGE_PIN M20 IOSTANDARD LVCMOS33 } [get_ports { sw[0] }]
set_property -dict { PACKAGE_PIN M19 IOSTANDARD LVCMOS33 } [get_ports { sw[1] }]

## LEDs LD0..LD3: heartbeat, state_transitioning, ca3_learning, ca3_recalling
set_property -dict { PACKAGE_PIN R14 IOSTANDARD LVCMOS33 } [get_ports { led[0] }]
set_property -dict { PACKAGE_PIN P14 IOSTANDARD LVCMOS33 } [get_ports { led[1] }]
set_property -dict { PACKAGE_PIN N16 IOSTANDARD LVCMOS33 } [get_ports { led[2] }]
set_property -dict { PACKAGE_PIN M14 IOSTANDARD LVCMOS33 } [get_ports { led[3] }]

## RGB LED LD4: the target consciousness state
set_property -dict { PACKAGE_PIN N15 IOSTANDARD LVCMOS33 } [get_ports { led4_r }]
set_property -dict { PACKAGE_PIN G17 IOSTANDARD LVCMOS33 } [get_ports { led4_g }]
set_property -dict { PACKAGE_PIN L15 IOSTANDARD LVCMOS33 } [get_ports { led4_b }]

## Pmod header JA, top row: a Pmod DA2 plugged in there has its pins 1..6 on JA1..JA4, GND, VCC.
## JA1 Y18 = SYNC (DA2 pin 1), JA2 Y19 = DINA (pin 2), JA3 Y16 = DINB (pin 3), JA4 Y17 = SCLK
## (pin 4). The bottom row, JA7..JA10 (U18, U19, W18, W19), is not used.
set_property -dict { PACKAGE_PIN Y18 IOSTANDARD LVCMOS33 } [get_ports { ja[0] }]
set_property -dict { PACKAGE_PIN Y19 IOSTANDARD LVCMOS33 } [get_ports { ja[1] }]
set_property -dict { PACKAGE_PIN Y16 IOSTANDARD LVCMOS33 } [get_ports { ja[2] }]
set_property -dict { PACKAGE_PIN Y17 IOSTANDARD LVCMOS33 } [get_ports { ja[3] }]

## The SPI bus is source-synchronous and slow: SYNC, SCLK and DIN all come from registers on
## sysclk, and pmod_da2 keeps every SPI interval at half an SCLK period or more (32 ns at
## 15.625 MHz), far above the output-delay skew of four pins of one bank. The registers go into
## the I/O blocks so that the four pins leave within a few hundred ps of one another, and the
## paths to the pins are not timed against sysclk (a false path, not a missed constraint).
set_property IOB TRUE [get_ports { ja[*] }]
set_false_path -to [get_ports { ja[*] }]

## Buttons and switches are asynchronous (two-register synchronisers in phin_pynq_z2); the LEDs
## are seen by eye.
set_false_path -from [get_ports { btn[*] sw[*] }]
set_false_path -to [get_ports { led[*] led4_r led4_g led4_b }]
