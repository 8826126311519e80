import { Center, Image } from '@mantine/core';
import { IconShoppingBag } from '@tabler/icons-react';
import { useState } from 'react';

/**
 * A product's picture from the platform's CDN (https, or the demo emulator's loopback
 * pictures: pictureUrlSchema), sent without a referrer so that the CDN learns nothing
 * about the agent's screen. Without a picture, or when it does not load (offline), a bag
 * icon stands in.
 */
export function ProductThumb({ src, size = 40 }: { src: string | null | undefined; size?: number }) {
  const [failed, setFailed] = useState(false);
  if (!src || failed) {
    return (
      <Center w={size} h={size} bg="var(--mantine-color-default-hover)" style={{ borderRadius: 'var(--mantine-radius-sm)', flexShrink: 0 }} data-testid="product-thumb-placeholder">
        <IconShoppingBag size={Math.round(size / 2)} color="var(--mantine-color-dimmed)" />
      </Center>
    );
  }
  return (
    <Image
      src={src}
      alt=""
      w={size}
      h={size}
      fit="cover"
      radius="sm"
      referrerPolicy="no-referrer"
      loading="lazy"
      onError={() => setFailed(true)}
      style={{ flexShrink: 0 }}
      data-testid="product-thumb"
    />
  );
}
