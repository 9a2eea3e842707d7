// A short offline list of the most common leaked passwords (lower-cased). Passwords shorter
// than the minimum length are already refused, so only longer ones matter here.
export const COMMON_PASSWORDS = new Set(
  `123456789012 1234567890123 12345678901234 123456789123 password1234 password12345 passwordpassword
qwertyuiopas qwertyuiop123 qwerty123456 1q2w3e4r5t6y 1q2w3e4r5t6y7u 1qaz2wsx3edc 1qaz2wsx3edc4rfv
zaq12wsxcde3 abcdefghijkl abcdef123456 abc123456789 iloveyou1234 iloveyouiloveyou letmein12345
welcome12345 welcome123456 administrator admin1234567 adminadmin123 changeme1234 trustno112345
sunshine1234 princess1234 football1234 baseball1234 superman1234 michael12345 monkey123456
dragon123456 master123456 shadow123456 qwertyqwerty asdfghjkl123 asdfasdfasdf zxcvbnm12345
passw0rd1234 p@ssw0rd1234 p@ssword1234 password123! password2024 password2025 password2026
letmeinletmein welcomewelcome 000000000000 111111111111 121212121212 123123123123 987654321098
qazwsxedcrfv mypassword123 secretpassword correcthorsebatterystaple internet1234 computer1234
starwars1234 whatever1234 freedom12345 thomas123456 jordan123456 harley123456 ranger123456
hunter123456 buster123456 soccer123456 hockey123456 killer123456 george123456 charlie12345
andrew123456 michelle1234 jessica12345 pepper123456 daniel123456 access123456 joshua123456
maggie123456 starwars2026 summer123456 ashley123456 nicole123456 chelsea12345 biteme123456
matthew12345 yankees12345 austin123456 loveme123456 jennifer1234 qwerty1234567 healthcare123
doctor123456 medical12345 patient12345 hospital1234 clinic123456 nurse1234567 osteopathic1
`
    .split(/\s+/)
    .filter(Boolean),
);
