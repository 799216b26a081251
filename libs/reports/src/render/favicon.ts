/** The newsroom pages' icon: a 32×32 PNG inside an ICO container (what `/favicon.ico` must be), a white check on blue. */
export const FAVICON_ICO = Buffer.from(
  'AAABAAEAICAAAAEAIADNAAAAFgAAAIlQTkcNChoKAAAADUlIRFIAAAAgAAAAIAgGAAAAc3p69AAAAJRJREFUeNrtl0sOgCAMBbv3cN7LS+vOEG2V1y8RX8K2MyFQKJGQZd12z0U98YZCMllwViIbfpOYW6AKfkpEFr9mLgEuaQJSUgQQuLsACk8RSLuGGvijAFJMs/WwgFTQAocFuMIWuEqgBVjhr4dQE/fHKBLefQ2j4FAfiIDDjcgbruqE5QKf+hf+3/JxRrMhhtOq8fwAQWA7521IAyIAAAAASUVORK5CYII=',
  'base64',
);
