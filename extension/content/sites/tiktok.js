// TikTok: counted with TikTok's rules; its boxes are described in generic mode (no markers kept yet).
'use strict';

PorteVoix.defineSite({ network: 'tiktok', hosts: ['tiktok.com'], describe: () => null });
