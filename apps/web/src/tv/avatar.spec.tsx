import { jest } from '@jest/globals';
import { act, fireEvent, render } from '@testing-library/react';
import { Avatar, PHOTO_RETRY_MS } from './avatar.js';

const URL_A = 'https://cdn.example.com/anna.jpg';

function renderAvatar(photoUrl?: string | null) {
  const view = render(<Avatar repId="r1" name="Анна Петрова" photoUrl={photoUrl} />);
  const avatar = view.container.querySelector('.avatar') as HTMLElement;
  const photo = () => avatar.querySelector('img');
  return { ...view, avatar, photo };
}

describe('Avatar', () => {
  afterEach(() => jest.useRealTimers());

  it('shows only the initials without a photo', () => {
    const { avatar, photo } = renderAvatar(null);
    expect(avatar.textContent).toBe('АП');
    expect(photo()).toBeNull();
  });

  it('keeps the initials visible while the photo loads, and shows the photo once loaded', () => {
    const { avatar, photo } = renderAvatar(URL_A);
    const img = photo() as HTMLImageElement;
    expect(img.getAttribute('src')).toBe(URL_A);
    // Loading: the photo is there but not shown (opacity 0 in tv.css); the initials are.
    expect(img.classList.contains('avatar-photo-loaded')).toBe(false);
    expect(avatar.textContent).toBe('АП');
    fireEvent.load(img);
    expect(photo()?.classList.contains('avatar-photo-loaded')).toBe(true);
  });

  it('falls back to the initials when the photo fails, and tries again later', () => {
    jest.useFakeTimers();
    const { avatar, photo } = renderAvatar(URL_A);
    const first = photo() as HTMLImageElement;
    fireEvent.error(first);
    // No broken-image icon: the img is gone, the initials stay.
    expect(photo()).toBeNull();
    expect(avatar.textContent).toBe('АП');

    act(() => jest.advanceTimersByTime(PHOTO_RETRY_MS - 1));
    expect(photo()).toBeNull();
    act(() => jest.advanceTimersByTime(1));
    const retried = photo() as HTMLImageElement;
    expect(retried).not.toBeNull();
    expect(retried).not.toBe(first);
    expect(retried.getAttribute('src')).toBe(URL_A);
    fireEvent.load(retried);
    expect(photo()?.classList.contains('avatar-photo-loaded')).toBe(true);
  });

  it('starts over from the initials when the photo URL changes, and drops a cleared one', () => {
    const { photo, rerender, avatar } = renderAvatar(URL_A);
    fireEvent.load(photo() as HTMLImageElement);
    rerender(<Avatar repId="r1" name="Анна Петрова" photoUrl="https://cdn.example.com/new.jpg" />);
    expect(photo()?.getAttribute('src')).toBe('https://cdn.example.com/new.jpg');
    expect(photo()?.classList.contains('avatar-photo-loaded')).toBe(false);
    rerender(<Avatar repId="r1" name="Анна Петрова" photoUrl={null} />);
    expect(photo()).toBeNull();
    expect(avatar.textContent).toBe('АП');
  });

  it('clears its retry timer when it leaves the screen', () => {
    jest.useFakeTimers();
    const { photo, unmount } = renderAvatar(URL_A);
    fireEvent.error(photo() as HTMLImageElement);
    expect(jest.getTimerCount()).toBe(1);
    unmount();
    expect(jest.getTimerCount()).toBe(0);
  });
});
