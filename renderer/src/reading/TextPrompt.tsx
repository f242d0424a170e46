// The arrow's text, asked in the page (Cornerstone asks with window.prompt, which Electron does not
// have): Enter keeps it, Escape or an empty text drops the arrow.
import { useEffect, useRef, useState } from 'react';
import { create } from 'zustand';

interface PromptState {
  asking: ((text: string) => void) | null;
}

const usePrompt = create<PromptState>(() => ({ asking: null }));

/** Asks for an annotation's text; `done('')` when the reader cancels. */
export function askAnnotationText(done: (text: string) => void): void {
  usePrompt.getState().asking?.('');
  usePrompt.setState({ asking: done });
}

export function TextPrompt() {
  const asking = usePrompt((s) => s.asking);
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    setText('');
    input.current?.focus();
  }, [asking]);
  if (!asking) return null;
  const finish = (value: string): void => {
    usePrompt.setState({ asking: null });
    asking(value.trim());
  };
  return (
    <form className="text-prompt" role="dialog" aria-label="Annotation text" onSubmit={(e) => { e.preventDefault(); finish(text); }}>
      <label>
        Text of the arrow
        <input
          ref={input}
          data-testid="annotation-text-input"
          value={text}
          maxLength={200}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && finish('')}
        />
      </label>
      <button type="submit" data-testid="annotation-text-ok">OK</button>
      <button type="button" onClick={() => finish('')}>Cancel</button>
    </form>
  );
}
